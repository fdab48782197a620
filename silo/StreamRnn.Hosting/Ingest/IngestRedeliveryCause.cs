namespace StreamRnn.Hosting.Ingest;

/// <summary>Why read messages were left uncommitted for a replay (the <c>cause</c> tag of <c>streamrnn.ingest.redeliveries</c>).</summary>
public static class IngestRedeliveryCause
{
    /// <summary>A sensor lost readings it had not persisted: ingest rewound to the committed offsets.</summary>
    public const string Rewind = "rewind";

    /// <summary>Partitions were revoked (or lost) while a poll was still being applied: nothing was committed.</summary>
    public const string RevokedWhileDispatching = "revoked-while-dispatching";

    /// <summary>The checkpoint before partitions left (revoked, lost, or ingest stopping) did not commit.</summary>
    public const string FinalCheckpointFailed = "final-checkpoint-failed";

    /// <summary>The offset commit of a checkpoint failed (the sensors hold the readings; re-reads are skipped).</summary>
    public const string CommitFailed = "commit-failed";
}
