using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StreamRnn.Batching;
using StreamRnn.Models;

namespace StreamRnn.Tests.Shared;

/// <summary>Batchers built the way the silo builds them, for tests (linked into the test projects that need one).</summary>
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
}
