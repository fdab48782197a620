namespace StreamRnn.Contracts;

/// <summary>Where in its event an alert stands: one event is one start, any updates, and one end.</summary>
public enum AlertPhase
{
    /// <summary>The event began with this reading.</summary>
    Start = 0,

    /// <summary>The event goes on and its score reached a new peak.</summary>
    Update = 1,

    /// <summary>The event is over: this reading is the last of the quiet ones that ended it.</summary>
    End = 2,
}
