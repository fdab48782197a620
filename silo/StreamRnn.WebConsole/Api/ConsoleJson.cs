using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace StreamRnn.WebConsole.Api;

/// <summary>The API's JSON: camelCase, enums by name, NaN and infinity as strings (a forecast may be either).</summary>
internal static class ConsoleJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static IResult Ok<T>(T value) => Results.Json(value, Options);

    public static IResult Problem(int status, string message) => Results.Json(new { error = message }, Options, statusCode: status);
}
