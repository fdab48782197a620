using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StreamRnn.Inference.Batching;
using StreamRnn.Inference.Models;

namespace StreamRnn.Inference.Tests;

internal static class TestBatchers
{
    public static InferenceBatcher Create(
        ModelOptions model,
        InferenceOptions inference,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null,
        Func<RecurrentForecaster>? modelFactory = null)
    {
        return new InferenceBatcher(
            Options.Create(model),
            Options.Create(inference),
            timeProvider ?? TimeProvider.System,
            NullLogger<InferenceBatcher>.Instance,
            meterFactory,
            modelFactory);
    }

    public static float[] RandomValues(Random random, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (random.NextSingle() * 2f) - 1f;
        }

        return values;
    }
}
