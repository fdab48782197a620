namespace StreamRnn.Scoring;

/// <summary>Range checks shared by the scoring settings records.</summary>
internal static class SettingsGuard
{
    public static void ThrowIfNegativeOrNotFinite(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be finite and not negative.");
        }
    }

    public static void ThrowIfNotPositiveFinite(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be finite and more than 0.");
        }
    }
}
