using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// The consumer lag per assigned partition in a librdkafka statistics report (<c>topics.*.partitions.*.consumer_lag</c>):
/// how many messages the consumer is behind the partition's end. Partitions librdkafka does not fetch (not assigned
/// to this consumer) and lags it does not know yet (-1) are left out.
/// </summary>
internal static class ConsumerLag
{
    public static Measurement<long>[] Parse(string statistics)
    {
        try
        {
            using var document = JsonDocument.Parse(statistics);
            if (!document.RootElement.TryGetProperty("topics", out var topics) || topics.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            var lags = new List<Measurement<long>>();
            foreach (var topic in topics.EnumerateObject())
            {
                if (!topic.Value.TryGetProperty("partitions", out var partitions) || partitions.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var partition in partitions.EnumerateObject())
                {
                    if (!int.TryParse(partition.Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) || id < 0
                        || !partition.Value.TryGetProperty("consumer_lag", out var lagElement) || !lagElement.TryGetInt64(out var lag) || lag < 0
                        || (partition.Value.TryGetProperty("fetch_state", out var state) && state.GetString() is "none" or "stopped"))
                    {
                        continue;
                    }

                    lags.Add(new Measurement<long>(lag, new KeyValuePair<string, object?>("topic", topic.Name), new KeyValuePair<string, object?>("partition", id)));
                }
            }

            return [.. lags];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
