namespace StreamRnn.WebConsole;

/// <summary>One silo's figures as the Cluster view shows them.</summary>
public sealed record ConsoleSiloFigures(double ReadingsPerSecond, double MeanBatchSize, int ModelVersion, ConsolePartitionLag[] Lag, long Swaps, long ReadingsApplied);
