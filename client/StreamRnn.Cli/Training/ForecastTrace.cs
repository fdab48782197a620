using StreamRnn.Training;
using TorchSharp;

namespace StreamRnn.Cli.Training;

/// <summary>
/// The one-step-ahead forecast against the actual value at each origin of the first series' test part,
/// in original units: what <c>forecast.png</c> draws. <see cref="Steps"/> are positions in the series.
/// </summary>
internal sealed record ForecastTrace(string Series, double[] Steps, double[] Actual, double[] Forecast)
{
    private const int Batch = 256;

    public static ForecastTrace Compute(TrainingResult result, int maxPoints = 2_000)
    {
        ArgumentNullException.ThrowIfNull(result);
        var test = result.Split.Test;
        var indices = Enumerable.Range(0, test.Count).Where(i => test.Windows[i].SeriesIndex == 0).Take(maxPoints).ToArray();
        var normalization = result.Normalizations[0];
        var steps = new double[indices.Length];
        var actual = new double[indices.Length];
        var forecast = new double[indices.Length];
        var model = result.Model;
        model.eval();
        var device = model.parameters().First().device;
        var windowSize = test.InputLength * test.Channels;
        for (var from = 0; from < indices.Length; from += Batch)
        {
            var count = Math.Min(Batch, indices.Length - from);
            var inputs = new float[count * windowSize];
            for (var i = 0; i < count; i++)
            {
                test.GetInputs(indices[from + i]).CopyTo(inputs, i * windowSize);
            }

            float[] last;
            using (torch.NewDisposeScope())
            using (torch.no_grad())
            {
                var batch = torch.tensor(inputs, [count, test.InputLength, test.Channels]).to(device);
                var (forecasts, _) = model.Forecast(batch, null);
                last = forecasts[.., -1, 0].cpu().data<float>().ToArray();
            }

            for (var i = 0; i < count; i++)
            {
                var index = indices[from + i];
                var targets = test.GetTargets(index);
                steps[from + i] = test.Windows[index].Start + test.InputLength;
                actual[from + i] = normalization.Denormalize(0, targets[(test.InputLength - 1) * test.Horizon]);
                forecast[from + i] = normalization.Denormalize(0, last[i]);
            }
        }

        return new ForecastTrace(normalization.Series, steps, actual, forecast);
    }
}
