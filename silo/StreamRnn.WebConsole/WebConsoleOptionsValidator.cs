using System.Globalization;
using Microsoft.Extensions.Options;

namespace StreamRnn.WebConsole;

/// <summary>Checks the <c>Console</c> section at start; each failure names its setting and never shows a token.</summary>
public sealed class WebConsoleOptionsValidator(WebConsoleMode mode) : IValidateOptions<WebConsoleOptions>
{
    private const int MinimumTokenLength = 16;
    private const int MinimumKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, WebConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var section = WebConsoleOptions.SectionName;
        if (options.RefreshInterval < TimeSpan.FromMilliseconds(100) || options.RefreshInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{section}:RefreshInterval must be between 00:00:00.1 and 00:01:00 (it is {options.RefreshInterval}).");
        }

        if (options.ClusterStatusInterval < TimeSpan.FromMilliseconds(500) || options.ClusterStatusInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{section}:ClusterStatusInterval must be between 00:00:00.5 and 00:01:00 (it is {options.ClusterStatusInterval}).");
        }

        if (string.IsNullOrWhiteSpace(options.ModelGroup))
        {
            failures.Add($"{section}:ModelGroup must not be empty.");
        }

        if (mode.Production && options.RequireAuthentication == false)
        {
            failures.Add($"{section}:RequireAuthentication cannot be false in production mode (Cluster:Redis is set).");
        }

        for (var i = 0; i < options.Tokens.Count; i++)
        {
            var token = options.Tokens[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"{section}:Tokens:{i}");
            if (string.IsNullOrWhiteSpace(token.Name))
            {
                failures.Add($"{key}:Name must not be empty.");
            }

            if (token.Token.Length < MinimumTokenLength)
            {
                failures.Add($"{key}:Token must be at least {MinimumTokenLength} characters.");
            }

            if (!WebConsoleRoles.IsRole(token.Role))
            {
                failures.Add($"{key}:Role must be '{WebConsoleRoles.Viewer}' or '{WebConsoleRoles.Operator}' (it is '{token.Role}').");
            }

            var first = options.Tokens.FindIndex(other => string.Equals(other.Token, token.Token, StringComparison.Ordinal));
            if (first < i)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:Token is the same as {section}:Tokens:{first}:Token."));
            }
        }

        ValidateOidc(options.Oidc, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateOidc(WebConsoleOidcOptions oidc, List<string> failures)
    {
        var key = $"{WebConsoleOptions.SectionName}:Oidc";
        if (!string.IsNullOrWhiteSpace(oidc.Authority)
            && (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority) || (oidc.RequireHttpsMetadata && authority.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{key}:Authority must be an absolute https address (or set {key}:RequireHttpsMetadata=false).");
        }

        if (!string.IsNullOrWhiteSpace(oidc.SigningKey))
        {
            if (!TryKeyLength(oidc.SigningKey, out var length) || length < MinimumKeyBytes)
            {
                failures.Add($"{key}:SigningKey must be base64 of at least {MinimumKeyBytes} bytes.");
            }

            if (string.IsNullOrWhiteSpace(oidc.Issuer))
            {
                failures.Add($"{key}:Issuer must be set with {key}:SigningKey.");
            }
        }

        if (oidc.IsConfigured && string.IsNullOrWhiteSpace(oidc.Audience))
        {
            failures.Add($"{key}:Audience must be set with {key}:Authority or {key}:SigningKey.");
        }

        if (oidc.IsConfigured && (string.IsNullOrWhiteSpace(oidc.RoleClaim) || string.IsNullOrWhiteSpace(oidc.OperatorValue) || string.IsNullOrWhiteSpace(oidc.ViewerValue)))
        {
            failures.Add($"{key}:RoleClaim, {key}:OperatorValue and {key}:ViewerValue must not be empty.");
        }
    }

    private static bool TryKeyLength(string base64, out int length)
    {
        var buffer = new byte[base64.Length];
        var ok = Convert.TryFromBase64String(base64, buffer, out length);
        return ok;
    }
}
