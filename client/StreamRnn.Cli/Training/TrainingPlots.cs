using ScottPlot;
using StreamRnn.Training;

namespace StreamRnn.Cli.Training;

/// <summary>The training report's pictures: <c>loss.png</c> and <c>forecast.png</c>.</summary>
internal static class TrainingPlots
{
    private const int Width = 1000;
    private const int Height = 500;

    /// <summary>Train and validation loss per epoch, the best epoch marked.</summary>
    public static void SaveLoss(TrainingResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plot = new Plot();
        var epochs = result.History.Select(e => (double)e.Epoch).ToArray();
        var train = plot.Add.Scatter(epochs, result.History.Select(e => e.TrainLoss).ToArray());
        train.LegendText = "train";
        var validation = plot.Add.Scatter(epochs, result.History.Select(e => e.ValidationLoss).ToArray());
        validation.LegendText = "validation";
        var best = plot.Add.VerticalLine(result.BestEpoch);
        best.LegendText = $"best epoch ({result.BestEpoch})";
        best.LinePattern = LinePattern.Dashed;
        plot.Title($"{result.Options.Cell} loss ({result.Options.Loss})");
        plot.XLabel("epoch");
        plot.YLabel("loss (normalised units)");
        plot.ShowLegend();
        plot.SavePng(path, Width, Height);
    }

    /// <summary>One-step-ahead forecast against actual over the test part of the first series.</summary>
    public static void SaveForecast(ForecastTrace trace, string cell, string path)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var plot = new Plot();
        var actual = plot.Add.ScatterLine(trace.Steps, trace.Actual);
        actual.LegendText = "actual";
        var forecast = plot.Add.ScatterLine(trace.Steps, trace.Forecast);
        forecast.LegendText = "forecast (1 step ahead)";
        plot.Title($"{trace.Series}: {cell} forecast on the test part");
        plot.XLabel("step");
        plot.YLabel("value");
        plot.ShowLegend();
        plot.SavePng(path, Width, Height);
    }
}
