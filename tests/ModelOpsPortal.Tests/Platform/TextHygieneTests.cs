using ModelOpsPortal.Infrastructure.Validation;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>What text the portal stores (issue #23): normal form, no controls or bidi overrides, nothing invisible-only.</summary>
public sealed class TextHygieneTests
{
    [Theory]
    [InlineData("Retail PD")]
    [InlineData("Line one\nline two\twith a tab")]
    [InlineData("   ")] // blank: the field's own required rule and trimming deal with it
    [InlineData("모델 인벤토리")]
    [InlineData("שלום\u200F world")] // a right-to-left mark is needed by Hebrew and Arabic names
    [InlineData("emoji \uD83D\uDE80")]
    public void Ordinary_text_passes(string text) => Assert.Null(TextHygiene.Problem(text));

    [Theory]
    [InlineData("Retail\u0000PD", "U+0000", 7)]
    [InlineData("abc\u202Egnp.exe", "U+202E", 4)]
    [InlineData("x\u2066y", "U+2066", 2)]
    public void Controls_overrides_and_broken_surrogates_are_named_with_their_position(string text, string code, int position)
    {
        var problem = TextHygiene.Problem(text);

        Assert.NotNull(problem);
        Assert.Contains(code, problem, StringComparison.Ordinal);
        Assert.Contains(position.ToString(System.Globalization.CultureInfo.InvariantCulture), problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_surrogate_pair_is_refused()
    {
        // Built at run time: an attribute constant cannot hold a lone surrogate (it is stored as U+FFFD).
        var text = "bad " + new string((char)0xD83D, 1);

        var problem = TextHygiene.Problem(text);

        Assert.NotNull(problem);
        Assert.Contains("U+D83D", problem, StringComparison.Ordinal);
        Assert.Equal(text, TextHygiene.Normalize(text));
    }

    [Fact]
    public void Invisible_only_names_are_refused_and_text_is_normalised()
    {
        Assert.Equal(ValidationText.InvisibleOnly, TextHygiene.Problem("\u200B \u200D"));
        Assert.Equal("Caf\u00E9", TextHygiene.Normalize("Cafe\u0301"));
    }
}
