namespace StreamRnn.Contracts;

/// <summary>Where a model version stands.</summary>
public enum ModelVersionStatus
{
    /// <summary>Registered; not served.</summary>
    Candidate = 0,

    /// <summary>Served by the inference pool.</summary>
    Active = 1,

    /// <summary>Refused by validation; never served.</summary>
    Rejected = 2,

    /// <summary>Served before; replaced by a newer version.</summary>
    Retired = 3,
}
