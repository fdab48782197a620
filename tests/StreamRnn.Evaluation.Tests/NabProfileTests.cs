namespace StreamRnn.Evaluation.Tests;

public sealed class NabProfileTests
{
    [Fact]
    public void All_ThreeNabProfiles_CarryNabsNamesAndCostMatrices()
    {
        Assert.Equal(
            [
                new NabProfile("standard", 1.0, 1.0, 0.11),
                new NabProfile("reward_low_FP_rate", 1.0, 1.0, 0.22),
                new NabProfile("reward_low_FN_rate", 1.0, 2.0, 0.11),
            ],
            NabProfile.All);
        Assert.Same(NabProfile.Standard, NabProfile.All[0]);
        Assert.Same(NabProfile.RewardLowFalsePositives, NabProfile.All[1]);
        Assert.Same(NabProfile.RewardLowFalseNegatives, NabProfile.All[2]);
    }
}
