using System.Text.RegularExpressions;
using System.Xml.Linq;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Localization;

/// <summary>Every text has an English and a Korean version, and every key a page asks for exists.</summary>
public sealed partial class ResourceTests
{
    /// <summary>Keys whose Korean text rightly has no Hangul (names, formats, examples).</summary>
    private static readonly HashSet<string> SameInBothLanguages =
    [
        "VersionLabel", "Common.By", "Model.AlgorithmInLanguage", "Version.Title", "Help.Framework", "Help.CodeRepository",
        "ModelLanguage.Python", "ModelLanguage.R", "ModelLanguage.SAS", "ModelLanguage.Scala", "ModelLanguage.Java", "ModelLanguage.CSharp",
        // Metric abbreviations Korean analysts write in Latin letters too, and formats with no words in them.
        "Metric.auc", "Metric.ks", "Metric.f1", "Metric.rmse", "Metric.mae", "Metric.r2", "Metric.mape", "Metric.psi",
        "Upload.Chosen", "Chart.RocSummary", "Stability.Deployment",
    ];

    public static TheoryData<string> NeutralResourceFiles() =>
        [.. RepositoryFiles.Under(RepositoryFiles.Source, "*.resx").Where(f => !f.EndsWith(".ko.resx", StringComparison.Ordinal)).Select(RepositoryFiles.Relative)];

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    [Theory]
    [MemberData(nameof(NeutralResourceFiles))]
    public void Each_english_text_has_a_korean_one_with_the_same_placeholders(string neutral)
    {
        var english = Read(Path.Combine(RepositoryFiles.Root, neutral));
        var koreanPath = Path.Combine(RepositoryFiles.Root, neutral[..^".resx".Length] + ".ko.resx");
        Assert.True(File.Exists(koreanPath), $"{neutral} has no Korean file beside it");
        var korean = Read(koreanPath);

        Assert.Empty(english.Keys.Except(korean.Keys));
        Assert.Empty(korean.Keys.Except(english.Keys));
        foreach (var (key, text) in english)
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"{neutral}: '{key}' is empty");
            Assert.Equal(Placeholders(text), Placeholders(korean[key]));
            if (!SameInBothLanguages.Contains(key) && !key.StartsWith("MudDataGridPager_InfoFormat", StringComparison.Ordinal))
            {
                Assert.True(Hangul().IsMatch(korean[key]), $"{neutral}: '{key}' is not translated into Korean: '{korean[key]}'");
            }
        }
    }

    [Fact]
    public void Every_key_a_razor_file_asks_for_exists()
    {
        var shared = Read(Path.Combine(RepositoryFiles.Source, "App", "Localization", "SharedText.resx"));
        var missing = new List<string>();
        foreach (var file in RepositoryFiles.Under(RepositoryFiles.Source, "*.razor"))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in SharedKey().Matches(text))
            {
                if (!shared.ContainsKey(m.Groups[1].Value))
                {
                    missing.Add($"{RepositoryFiles.Relative(file)}: S[\"{m.Groups[1].Value}\"]");
                }
            }

            var featureKeys = FeatureKey().Matches(text).Select(m => m.Groups[1].Value).ToList();
            if (featureKeys.Count == 0)
            {
                continue;
            }

            var feature = FeatureResources(file);
            missing.AddRange(featureKeys.Where(k => !feature.ContainsKey(k)).Select(k => $"{RepositoryFiles.Relative(file)}: L[\"{k}\"]"));
        }

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_enum_value_shown_on_a_page_has_a_name()
    {
        var shared = Read(Path.Combine(RepositoryFiles.Source, "App", "Localization", "SharedText.resx"));
        Type[] shown = [typeof(VersionStage), typeof(ProductionRole), typeof(RiskTier), typeof(ModelType), typeof(ModelLanguage), typeof(FeatureType), typeof(DeploymentTarget)];

        var missing = shown.SelectMany(t => Enum.GetNames(t).Select(n => $"{t.Name}.{n}"))
            .Concat(Enum.GetNames<RiskTier>().Select(n => $"RiskChip.{n}"))
            .Where(k => !shared.ContainsKey(k));

        Assert.Empty(missing);
    }

    /// <summary>A feature's pages read the *Text.resx at the top of their feature folder.</summary>
    private static Dictionary<string, string> FeatureResources(string razorFile)
    {
        var relative = Path.GetRelativePath(RepositoryFiles.Source, razorFile).Split(Path.DirectorySeparatorChar);
        Assert.True(relative is ["Features", _, ..], $"{razorFile} uses L[...] outside a feature folder");
        var folder = Path.Combine(RepositoryFiles.Source, "Features", relative[1]);
        var resx = Assert.Single(Directory.GetFiles(folder, "*Text.resx"));
        return Read(resx);
    }

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[\uAC00-\uD7A3]")]
    private static partial Regex Hangul();

    [GeneratedRegex(@"\bS\[""([^""]+)""")]
    private static partial Regex SharedKey();

    [GeneratedRegex(@"\bL\[""([^""]+)""")]
    private static partial Regex FeatureKey();
}
