using System.Globalization;
using Bunit;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Features.Evaluations.Components;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Evaluations;

/// <summary>The paired test in the words a validator reads, for each verdict, in English and Korean.</summary>
public sealed class VerdictMessageTests : PortalComponentTest
{
    private string Render(SignificanceResult? result, bool regression = false) =>
        Render<VerdictMessage>(p => p.Add(v => v.Result, result).Add(v => v.Champion, 6).Add(v => v.Challenger, 7).Add(v => v.Regression, regression))
            .Find("[data-testid=verdict]").TextContent;

    private static SignificanceResult Result(double difference, double p, double alpha = 0.05) =>
        ComparisonService.Significance(new ModelOpsPortal.Features.Evaluations.Engine.AucComparison(difference, difference * 200, p, difference - 0.01, difference + 0.01),
            championIsPrimary: true, alpha)!;

    [Fact]
    public void A_significantly_better_challenger_is_called_better_with_its_numbers()
    {
        var text = Render(Result(0.0477, 4.3e-31));

        Assert.Contains("Challenger v7 is better, significant at 5%.", text, StringComparison.Ordinal);
        Assert.Contains("AUC difference +0.0477 (95% interval +0.0377 to +0.0577), p = < 0.0001", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_difference_above_alpha_is_no_significant_difference_however_large_it_looks()
    {
        Assert.Contains("No significant difference between challenger v7 and champion v6 at 5%.", Render(Result(0.02, 0.06)), StringComparison.Ordinal);
        Assert.Contains("Challenger v7 is better, significant at 10%.", Render(Result(0.02, 0.06, alpha: 0.10)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_significantly_worse_challenger_is_called_worse_and_regression_explains_the_missing_test()
    {
        Assert.Contains("Challenger v7 is worse, significant at 1%.", Render(Result(-0.03, 0.001, alpha: 0.01)), StringComparison.Ordinal);
        Assert.Contains("compare RMSE and MAE side by side", Render(null, regression: true), StringComparison.Ordinal);
    }

    [Fact]
    public void Korean_readers_get_the_verdict_in_korean()
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ko-KR");
        try
        {
            Assert.Contains("챌린저 v7이(가) 더 우수합니다. 유의수준 5%에서 유의합니다.", Render(Result(0.0477, 4.3e-31)), StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }
}
