using System.Globalization;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Models;

/// <summary>
/// The rules a model group's versions follow, over the registry's stored list and activation history: one version is
/// active at a time; a promotion retires the one before it; a rejected version is never served again; a rollback
/// returns to the latest earlier version that was served and retired, and rejects the one it leaves. Pure: it changes
/// the state it is given and says what changed; the registry grain stores it, logs it and tells the silos.
/// </summary>
internal sealed class ModelVersionLedger(ModelRegistryState state, string group)
{
    /// <summary>Every version, oldest first.</summary>
    public List<ModelVersionInfo> Versions => state.Versions;

    /// <summary>The number the next registered version gets.</summary>
    public int NextVersion => Versions.Max(v => v.Version) + 1;

    /// <summary>The version the group serves.</summary>
    public ModelVersionInfo Active => Versions.Last(v => v.Status == ModelVersionStatus.Active);

    /// <summary>Version <paramref name="version"/>; throws <see cref="ModelVersionException"/> when there is none.</summary>
    public ModelVersionInfo Find(int version) =>
        Versions.FirstOrDefault(v => v.Version == version)
        ?? throw new ModelVersionException(string.Create(CultureInfo.InvariantCulture, $"Model group '{group}' has no version {version} (it has 1 to {Versions.Count})."));

    /// <summary>
    /// The version a promotion of <paramref name="version"/> would make active; null when it is active already. Throws
    /// <see cref="ModelVersionException"/> for a rejected version.
    /// </summary>
    public ModelVersionInfo? PromotionTarget(int version)
    {
        var target = Find(version);
        if (target.Version == Active.Version)
        {
            return null;
        }

        return target.Status == ModelVersionStatus.Rejected
            ? throw new ModelVersionException(string.Create(CultureInfo.InvariantCulture, $"Version {version} of model group '{group}' was rejected ({target.StatusReason}) and is never served."))
            : target;
    }

    /// <summary>Makes <paramref name="target"/> (what <see cref="PromotionTarget"/> gave) the active version and retires the active one.</summary>
    public (ModelVersionInfo Promoted, ModelVersionInfo Retired) Promote(ModelVersionInfo target, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        var version = target.Version;
        var retired = Active with { Status = ModelVersionStatus.Retired, StatusReason = string.Create(CultureInfo.InvariantCulture, $"replaced by v{version}"), StatusChanged = now };
        var promoted = target with { Status = ModelVersionStatus.Active, StatusReason = reason, StatusChanged = now };
        Replace(retired);
        Replace(promoted);
        state.ActivationHistory.Add(version);
        return (promoted, retired);
    }

    /// <summary>
    /// Rejects candidate <paramref name="version"/>; null when it was rejected already. Throws
    /// <see cref="ModelVersionException"/> for a version that is not a candidate (the active one is rolled back instead).
    /// </summary>
    public ModelVersionInfo? Reject(int version, string reason, DateTimeOffset now)
    {
        var target = Find(version);
        if (target.Status == ModelVersionStatus.Rejected)
        {
            return null;
        }

        if (target.Status != ModelVersionStatus.Candidate)
        {
            throw new ModelVersionException(string.Create(CultureInfo.InvariantCulture, $"Version {version} of model group '{group}' is {target.Status.ToString().ToLowerInvariant()}, not a candidate; only a candidate can be rejected (use rollback for the active one)."));
        }

        var rejected = target with { Status = ModelVersionStatus.Rejected, StatusReason = reason, StatusChanged = now };
        Replace(rejected);
        return rejected;
    }

    /// <summary>Whether an earlier served version is there to roll back to.</summary>
    public bool CanRollBack => RollbackTarget() is not null;

    /// <summary>
    /// Rejects the active version and makes the latest earlier one that was served and retired active again. Throws
    /// <see cref="ModelVersionException"/> when there is none.
    /// </summary>
    public (ModelVersionInfo Restored, ModelVersionInfo Left) RollBack(string reason, DateTimeOffset now)
    {
        var active = Active;
        var previous = RollbackTarget()
            ?? throw new ModelVersionException($"Model group '{group}' has no earlier served version to roll back to (active: v{active.Version}).");

        var left = active with { Status = ModelVersionStatus.Rejected, StatusReason = string.Create(CultureInfo.InvariantCulture, $"rolled back to v{previous.Version}: {reason}"), StatusChanged = now };
        var restored = previous with { Status = ModelVersionStatus.Active, StatusReason = string.Create(CultureInfo.InvariantCulture, $"rollback from v{active.Version}: {reason}"), StatusChanged = now };
        Replace(left);
        Replace(restored);
        state.ActivationHistory.Add(previous.Version);
        return (restored, left);
    }

    /// <summary>Rejects <paramref name="target"/> unless it is rejected already or active (which only a rollback leaves); whether it changed.</summary>
    public bool MarkRejected(ModelVersionInfo target, string reason, DateTimeOffset now)
    {
        if (target.Status is ModelVersionStatus.Rejected or ModelVersionStatus.Active)
        {
            return false;
        }

        Replace(target with { Status = ModelVersionStatus.Rejected, StatusReason = reason, StatusChanged = now });
        return true;
    }

    /// <summary>Records why <paramref name="target"/> stays as it is (its status unchanged) and returns it so.</summary>
    public ModelVersionInfo Annotate(ModelVersionInfo target, string reason, DateTimeOffset now)
    {
        var annotated = target with { StatusReason = reason, StatusChanged = now };
        Replace(annotated);
        return annotated;
    }

    private ModelVersionInfo? RollbackTarget()
    {
        var history = state.ActivationHistory;
        return history.Take(history.Count - 1).Reverse()
            .Select(Find)
            .FirstOrDefault(v => v.Status == ModelVersionStatus.Retired);
    }

    private void Replace(ModelVersionInfo info) => Versions[Versions.FindIndex(v => v.Version == info.Version)] = info;
}
