using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using StreamRnn.Contracts;

namespace StreamRnn.WebConsole.Api;

/// <summary>
/// <c>GET /api/models</c>: the group's versions (status, metrics, reason) and the fine-tuning status (viewer); <c>POST
/// /api/models/{version}/promote</c> and <c>POST /api/models/rollback</c> (operator) through the group's fine-tuning
/// coordinator, as <c>streamrnn model promote|rollback</c> do. A refusal answers 409 with the reason.
/// </summary>
internal static class ModelEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/models", async (IGrainFactory grains, IOptions<WebConsoleOptions> options, CancellationToken cancellationToken) =>
        {
            var group = options.Value.ModelGroup;
            var versions = await grains.GetGrain<IModelRegistryGrain>(group).ListAsync(cancellationToken);
            var status = await grains.GetGrain<IFineTuningCoordinatorGrain>(group).GetStatusAsync(cancellationToken);
            return ConsoleJson.Ok(new { group, versions = versions.Reverse(), status });
        });

        api.MapPost("/models/{version:int}/promote", async (int version, ConsolePromoteRequest request, IGrainFactory grains, IOptions<WebConsoleOptions> options, CancellationToken cancellationToken) =>
        {
            try
            {
                return ConsoleJson.Ok(await grains.GetGrain<IFineTuningCoordinatorGrain>(options.Value.ModelGroup).PromoteAsync(version, request.Force, cancellationToken));
            }
            catch (ModelVersionException exception)
            {
                return ConsoleJson.Problem(StatusCodes.Status409Conflict, exception.Message);
            }
        }).RequireAuthorization(WebConsoleRoles.OperatePolicy);

        api.MapPost("/models/rollback", async (ConsoleActionRequest request, IGrainFactory grains, IOptions<WebConsoleOptions> options, CancellationToken cancellationToken) =>
        {
            try
            {
                var reason = string.IsNullOrWhiteSpace(request.Reason) ? "operator rollback (console)" : request.Reason.Trim();
                return ConsoleJson.Ok(await grains.GetGrain<IFineTuningCoordinatorGrain>(options.Value.ModelGroup).RollbackAsync(reason, cancellationToken));
            }
            catch (ModelVersionException exception)
            {
                return ConsoleJson.Problem(StatusCodes.Status409Conflict, exception.Message);
            }
        }).RequireAuthorization(WebConsoleRoles.OperatePolicy);
    }
}
