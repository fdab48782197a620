using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using StreamRnn.WebConsole.Api;
using StreamRnn.WebConsole.Auth;

namespace StreamRnn.WebConsole;

/// <summary>Registers and maps the operator's web console.</summary>
public static class WebConsoleExtensions
{
    /// <summary>
    /// The console's services and authentication. <paramref name="production"/> is the silo's production mode (Redis
    /// clustering): the API then requires a configured token or an OpenID Connect token. Settings are validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddStreamRnnConsole(this IHostApplicationBuilder builder, bool production)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = Peek(builder.Configuration);
        var mode = new WebConsoleMode(production, production || settings.RequireAuthentication == true);
        builder.Services.AddSingleton(mode);
        builder.Services.AddOptions<WebConsoleOptions>().BindConfiguration(WebConsoleOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WebConsoleOptions>, WebConsoleOptionsValidator>();
        builder.Services.AddSingleton<ConsoleMetrics>();
        builder.Services.AddSingleton<ConsoleFeed>();
        if (settings.Enabled)
        {
            builder.Services.AddHostedService<ConsoleClusterStatusService>();
        }

        var authentication = builder.Services.AddAuthentication();
        string[] schemes;
        if (mode.RequiresAuthentication)
        {
            schemes = [WebConsoleSchemes.Console];
            authentication.AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(WebConsoleSchemes.Token, null);
            var oidc = settings.Oidc.IsConfigured;
            authentication.AddPolicyScheme(WebConsoleSchemes.Console, "StreamRnn console", options => options.ForwardDefaultSelector = context =>
                oidc && BearerToken.From(context.Request) is { } token && BearerToken.LooksLikeJwt(token) ? WebConsoleSchemes.Oidc : WebConsoleSchemes.Token);
            if (oidc)
            {
                authentication.AddJwtBearer(WebConsoleSchemes.Oidc, _ => { });
                builder.Services.AddOptions<JwtBearerOptions>(WebConsoleSchemes.Oidc).Configure<IOptions<WebConsoleOptions>>((jwt, console) => ConfigureJwt(jwt, console.Value.Oidc));
            }
        }
        else
        {
            schemes = [WebConsoleSchemes.Open];
            authentication.AddScheme<AuthenticationSchemeOptions, OpenAuthenticationHandler>(WebConsoleSchemes.Open, null);
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(WebConsoleRoles.ViewPolicy, policy => policy.AddAuthenticationSchemes(schemes).RequireRole(WebConsoleRoles.Viewer, WebConsoleRoles.Operator))
            .AddPolicy(WebConsoleRoles.OperatePolicy, policy => policy.AddAuthenticationSchemes(schemes).RequireRole(WebConsoleRoles.Operator));
        return builder;
    }

    /// <summary>
    /// The page at <c>/</c> (and its assets), the API under <c>/api</c>; nothing when <c>Console:Enabled</c> is false.
    /// <paramref name="dashboardPort"/>: the Orleans dashboard's port, where <c>/</c> stays the dashboard's.
    /// </summary>
    public static IEndpointRouteBuilder MapStreamRnnConsole(this IEndpointRouteBuilder endpoints, int? dashboardPort = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<WebConsoleOptions>>().Value;
        if (!options.Enabled)
        {
            return endpoints;
        }

        if (endpoints.ServiceProvider.GetRequiredService<WebConsoleMode>().RequiresAuthentication && options.Tokens.Count == 0 && !options.Oidc.IsConfigured)
        {
            // Nobody can sign in: the API answers 401 to everyone (the silo still starts; the pipeline does not need the console).
            endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebConsoleExtensions)).ConsoleLocked();
        }

        ConsoleAssets.Map(endpoints, dashboardPort);
        var api = endpoints.MapGroup("/api").RequireAuthorization(WebConsoleRoles.ViewPolicy);
        InfoEndpoints.Map(api);
        ClusterEndpoints.Map(api);
        SensorEndpoints.Map(api);
        AlertEndpoints.Map(api);
        ModelEndpoints.Map(api);
        EventEndpoints.Map(api);
        return endpoints;
    }

    private static WebConsoleOptions Peek(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(WebConsoleOptions.SectionName).Get<WebConsoleOptions>() ?? new WebConsoleOptions();
        }
        catch (InvalidOperationException)
        {
            // Reported, naming the setting, when the options are validated at start.
            return new WebConsoleOptions();
        }
    }

    private static void ConfigureJwt(JwtBearerOptions jwt, WebConsoleOidcOptions oidc)
    {
        jwt.MapInboundClaims = false;
        jwt.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        jwt.Audience = oidc.Audience;
        if (!string.IsNullOrWhiteSpace(oidc.Authority))
        {
            jwt.Authority = oidc.Authority;
        }

        jwt.TokenValidationParameters.NameClaimType = oidc.NameClaim;
        jwt.TokenValidationParameters.RoleClaimType = oidc.RoleClaim;
        jwt.TokenValidationParameters.ValidAudience = oidc.Audience;
        if (!string.IsNullOrWhiteSpace(oidc.Issuer))
        {
            jwt.TokenValidationParameters.ValidIssuer = oidc.Issuer;
        }

        if (!string.IsNullOrWhiteSpace(oidc.SigningKey))
        {
            jwt.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(oidc.SigningKey));
        }

        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                if (context.Principal is { } principal)
                {
                    OidcRoleMapping.Apply(principal, oidc);
                }

                return Task.CompletedTask;
            },
        };
    }
}
