using System.Text;
using System.Text.RegularExpressions;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Localization;

/// <summary>
/// Scans every .razor file for words written into the markup instead of taken from resources
/// (docs/decisions/004-localization.md explains why a scan, and what it does not see).
/// </summary>
public sealed partial class NoHardCodedTextTests
{
    /// <summary>Attributes whose values a reader sees or hears.</summary>
    private const string VisibleAttributes = "Label|HelperText|Title|Text|Placeholder|aria-label|AriaLabel|alt|title|DataLabel|SubmitText|Message|BackText|ErrorText";

    public static TheoryData<string> RazorFiles() =>
        [.. RepositoryFiles.Under(RepositoryFiles.Source, "*.razor").Select(RepositoryFiles.Relative)];

    [Theory]
    [MemberData(nameof(RazorFiles))]
    public void A_page_has_no_literal_words(string file)
    {
        var findings = Findings(File.ReadAllText(Path.Combine(RepositoryFiles.Root, file)));

        Assert.True(findings.Count == 0, $"{file} shows text that is not from resources: {string.Join(" | ", findings)}");
    }

    [Fact]
    public void The_scan_finds_literal_text_and_attributes_but_not_code()
    {
        var findings = Findings("""
            @page "/x"
            @inject IStringLocalizer<SharedText> S
            <MudText>@L["Ok"] Hello</MudText>
            <MudTextField Label="Name" HelperText="@L["Help"]" For="() => Input.Name" />
            @if (x is int y) { <span>@(a ? "x" : "y")</span> } else { <b>@S.Name(y)</b> }
            <code>POST /api/models</code>
            @code { string z = "not markup"; }
            """);

        Assert.Equal(["Label=\"Name\"", "Hello"], findings);
    }

    private static List<string> Findings(string razor)
    {
        var text = RazorComment().Replace(razor, "");
        var code = text.IndexOf("@code", StringComparison.Ordinal);
        text = code >= 0 ? text[..code] : text;
        text = Directive().Replace(text, "");
        text = CodeSample().Replace(text, "<code></code>");

        var findings = LiteralAttribute().Matches(text).Select(m => $"{m.Groups[1].Value}=\"{m.Groups[2].Value}\"").ToList();

        // What is left between tags once code is gone is what a reader sees.
        text = RemoveBalanced(text, "@(", '(', ')');
        text = RemoveBalanced(text, "@{", '{', '}');
        text = AttributeValue().Replace(text, "=\"\"");
        foreach (var keyword in new[] { "@if", "else if", "@foreach", "@for", "@while", "@switch" })
        {
            text = RemoveBalancedAfter(text, keyword, '(', ')');
        }

        text = CaseLabel().Replace(text, "");
        text = LocalDeclaration().Replace(text, "");
        text = RazorExpression().Replace(text, "");
        text = Tag().Replace(text, "\n");
        findings.AddRange(text.Split('\n').Select(l => ControlWords().Replace(l, " ").Trim()).Where(l => Letter().IsMatch(l)));
        return findings;
    }

    /// <summary>Removes each <c>start</c> and the balanced group that opens with it, e.g. <c>@( a ? b : c )</c>.</summary>
    private static string RemoveBalanced(string text, string start, char open, char close) =>
        RemoveBalancedAfter(text, start, open, close);

    /// <summary>Removes each <c>keyword</c> and the balanced group that follows it: <c>@if (…)</c>, <c>@(…)</c>.</summary>
    private static string RemoveBalancedAfter(string text, string keyword, char open, char close)
    {
        var result = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var at = text.IndexOf(keyword, i, StringComparison.Ordinal);
            var group = at < 0 ? -1 : text.IndexOf(open, at + keyword.Length - (keyword.EndsWith(open) ? 1 : 0));
            if (at < 0 || group < 0 || text[(at + keyword.Length)..Math.Max(at + keyword.Length, group)].Trim().Length > 0)
            {
                var stop = at < 0 ? text.Length : at + keyword.Length;
                result.Append(text, i, stop - i);
                i = stop;
                continue;
            }

            result.Append(text, i, at - i);
            var depth = 0;
            var j = group;
            for (; j < text.Length; j++)
            {
                if (text[j] == open)
                {
                    depth++;
                }
                else if (text[j] == close && --depth == 0)
                {
                    break;
                }
            }

            i = j + 1;
        }

        return result.ToString();
    }

    [GeneratedRegex(@"@\*[\s\S]*?\*@")]
    private static partial Regex RazorComment();

    [GeneratedRegex(@"<code>[\s\S]*?</code>")]
    private static partial Regex CodeSample();

    [GeneratedRegex(@"^\s*@(page|inject|using|namespace|inherits|attribute|implements|rendermode|layout|typeparam)\b.*$", RegexOptions.Multiline)]
    private static partial Regex Directive();

    [GeneratedRegex(@"=""[^""]*""")]
    private static partial Regex AttributeValue();

    [GeneratedRegex(@"^\s*var \w+ = [^;\n]+;\s*$", RegexOptions.Multiline)]
    private static partial Regex LocalDeclaration();

    [GeneratedRegex(@"^\s*case [^:\n]+:", RegexOptions.Multiline)]
    private static partial Regex CaseLabel();

    [GeneratedRegex(@"@[A-Za-z_][\w.]*(\[[^\]]*\])?(\([^()]*\))?")]
    private static partial Regex RazorExpression();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\belse\b|\bbreak;|[{};]")]
    private static partial Regex ControlWords();

    [GeneratedRegex(@"[A-Za-z\uAC00-\uD7A3]")]
    private static partial Regex Letter();

    [GeneratedRegex(@"\b(" + VisibleAttributes + @")=""([^""@]*[A-Za-z\uAC00-\uD7A3][^""]*)""")]
    private static partial Regex LiteralAttribute();
}
