using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Tests.Support;
using NetArchTest.Rules;

namespace ModelOpsPortal.Tests.Architecture;

/// <summary>
/// The shape of the code, read from the compiled portal (IL, method bodies included): pure engines, an infrastructure
/// that knows no feature, features that depend on each other only downwards (docs/decisions/001), pages that go
/// through services.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Portal = typeof(ModelOpsPortal.Domain.Model).Assembly;

    /// <summary>
    /// Which features each feature may use: the picture in docs/decisions/001-feature-folders.md. A new arrow is a
    /// design decision: draw it there first. Every arrow points down the list, so there is no cycle.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedFeatureDependencies = new Dictionary<string, string[]>
    {
        ["Access"] = [],
        ["Audit"] = [],
        ["Portfolio"] = [],
        ["Kpis"] = ["Portfolio"],
        ["Inventory"] = ["Portfolio"],
        ["Monitoring"] = ["Inventory"],
        ["Evaluations"] = ["Inventory", "Monitoring"],
        ["Lifecycle"] = ["Evaluations", "Inventory", "Monitoring"],
        ["Lineage"] = ["Evaluations", "Inventory", "Lifecycle", "Monitoring"],
    };

    [Fact]
    public void Every_feature_folder_is_in_the_picture()
    {
        var features = Portal.GetTypes().Select(t => t.Namespace).OfType<string>()
            .Where(n => n.StartsWith("ModelOpsPortal.Features.", StringComparison.Ordinal))
            .Select(n => n.Split('.')[2]).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(AllowedFeatureDependencies.Keys.Order(StringComparer.Ordinal), features);
    }

    [Fact]
    public void Features_depend_on_each_other_only_as_drawn_and_never_in_a_cycle()
    {
        var actual = FeatureGraph();

        Assert.Null(DependencyCycles.Find(actual));
        var unexpected = actual.SelectMany(f => f.Value.Except(AllowedFeatureDependencies[f.Key]).Select(d => $"{f.Key} -> {d}")).ToList();
        Assert.True(unexpected.Count == 0, "Not in the picture of docs/decisions/001: " + string.Join(", ", unexpected)
            + ". Types behind them: " + string.Join("; ", unexpected.Select(Offenders)));
    }

    [Theory]
    [InlineData("Inventory", "Kpis")] // InventoryKpiFilter held the KPI definitions while KpiService injected InventoryService
    [InlineData("Evaluations", "Lifecycle")] // ComparisonPage injected LifecycleService
    [InlineData("Evaluations", "Inventory")] // the model page drew ModelEvaluations; FairnessPage opened an inventory dialog
    [InlineData("Inventory", "Lineage")] // the version page linked through LineageService
    public void The_cycles_issue_21_named_would_fail_the_rule(string from, string to)
    {
        // Each was a pair of arrows, one each way; put back on today's picture, the pair is found.
        var graph = AllowedFeatureDependencies.ToDictionary(f => f.Key, f => (IReadOnlyCollection<string>)[.. f.Value]);
        graph[from] = [.. graph[from].Append(to).Distinct()];
        graph[to] = [.. graph[to].Append(from).Distinct()];

        var cycle = DependencyCycles.Find(graph);

        Assert.NotNull(cycle);
        Assert.Contains(from, cycle);
        Assert.Contains(to, cycle);
    }

    [Fact]
    public void Engines_use_nothing_but_the_base_library()
    {
        var engines = Portal.GetTypes().Select(t => t.Namespace).OfType<string>()
            .Where(n => n.EndsWith(".Engine", StringComparison.Ordinal)).Distinct().ToList();
        Assert.NotEmpty(engines);

        foreach (var engine in engines)
        {
            var result = Types.InAssembly(Portal).That().ResideInNamespace(engine)
                .Should().OnlyHaveDependenciesOn("System", engine).GetResult();
            Assert.True(result.IsSuccessful, $"{engine} uses more than System.*: " + string.Join(", ", result.FailingTypeNames ?? []));
        }
    }

    [Fact]
    public void Infrastructure_and_domain_know_no_feature()
    {
        foreach (var layer in new[] { "ModelOpsPortal.Infrastructure", "ModelOpsPortal.Domain" })
        {
            var result = Types.InAssembly(Portal).That().ResideInNamespace(layer)
                .ShouldNot().HaveDependencyOnAny("ModelOpsPortal.Features", "ModelOpsPortal.App").GetResult();
            Assert.True(result.IsSuccessful, $"{layer} uses a feature or the shell: " + string.Join(", ", result.FailingTypeNames ?? []));
        }
    }

    [Fact]
    public void No_page_or_component_injects_a_database_context()
    {
        var offenders = Portal.GetTypes().Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(p => p.GetCustomAttribute<InjectAttribute>() is not null && IsDatabase(p.PropertyType))
                .Select(p => $"{t.FullName}.{p.Name}"))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void Api_handlers_leave_the_services_refusals_to_the_one_filter()
    {
        // ServiceErrorFilter answers InputRejected/Forbidden/Conflict for every endpoint; a handler that maps them again
        // is the copy-and-paste issue #21 removed (29 catch blocks). Handlers keep only answers of their own (413, 412).
        var generic = new System.Text.RegularExpressions.Regex(
            @"catch \((InputRejectedException|ConflictException|ForbiddenException) e\)\s*\{\s*return ApiResults\.(Invalid|Conflict|Forbidden)\(e\);");
        var offenders = RepositoryFiles.Under(Path.Combine(RepositoryFiles.Source, "Features"), "*Api.cs")
            .Where(f => generic.IsMatch(File.ReadAllText(f))).Select(RepositoryFiles.Relative).ToList();

        Assert.Empty(offenders);
        Assert.Contains(".AddEndpointFilter<ServiceErrorFilter>()", File.ReadAllText(Path.Combine(RepositoryFiles.Source, "Program.cs")), StringComparison.Ordinal);
    }

    [Fact]
    public void Pages_take_a_refusal_whole_rather_than_catching_each_kind()
    {
        // ServiceRefusedException carries the fields and the one-line summary of all three refusals; a component that
        // catches two of them, or turns them into text itself, is the repetition issue #21 removed from 15 components.
        var twoKinds = new System.Text.RegularExpressions.Regex(@"catch \((Exception e\) when \(e is )?(InputRejectedException|ConflictException|ForbiddenException)\b");
        var remapped = new System.Text.RegularExpressions.Regex(@"string\.Join\("" "", e\.Errors\.SelectMany\(x => x\.Value\)\)|new Dictionary<string, string\[\]> \{ \[""(name)?""\]");
        var offenders = RepositoryFiles.Under(Path.Combine(RepositoryFiles.Source, "Features"), "*.razor")
            .Where(f => twoKinds.Matches(File.ReadAllText(f)).Count > 1 || remapped.IsMatch(File.ReadAllText(f)))
            .Select(RepositoryFiles.Relative).ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void Tests_live_in_the_folder_of_what_they_test_and_their_namespace_says_so()
    {
        // Issue #21: tests grouped by feature, not by layer; a file whose namespace is not its folder was moved by half.
        var tests = Path.Combine(RepositoryFiles.Root, "tests", "ModelOpsPortal.Tests");
        var layers = new[] { "Unit", "Integration", "Components", "Browser", "Engine" };
        var misplaced = Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: f, Folder: Path.GetRelativePath(tests, Path.GetDirectoryName(f)!).Replace(Path.DirectorySeparatorChar, '.')))
            .Where(t => layers.Contains(t.Folder.Split('.')[0], StringComparer.Ordinal)
                || !File.ReadAllText(t.File).Contains($"namespace ModelOpsPortal.Tests.{t.Folder};", StringComparison.Ordinal))
            .Select(t => RepositoryFiles.Relative(t.File)).ToList();

        Assert.Empty(misplaced);
    }

    private static bool IsDatabase(Type type) =>
        typeof(DbContext).IsAssignableFrom(type)
        || type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDbContextFactory<>);

    private static Dictionary<string, IReadOnlyCollection<string>> FeatureGraph() =>
        AllowedFeatureDependencies.Keys.ToDictionary(f => f, f => (IReadOnlyCollection<string>)AllowedFeatureDependencies.Keys
            .Where(other => other != f && !InFeature(f).ShouldNot().HaveDependencyOn(Namespace(other)).GetResult().IsSuccessful)
            .ToList());

    private static string Offenders(string edge)
    {
        var (from, to) = (edge.Split(" -> ")[0], edge.Split(" -> ")[1]);
        return edge + ": " + string.Join(", ", InFeature(from).ShouldNot().HaveDependencyOn(Namespace(to)).GetResult().FailingTypeNames ?? []);
    }

    private static PredicateList InFeature(string feature) =>
        Types.InAssembly(Portal).That().ResideInNamespaceMatching($@"^ModelOpsPortal\.Features\.{feature}(\.|$)");

    private static string Namespace(string feature) => $"ModelOpsPortal.Features.{feature}";
}

/// <summary>Finds a cycle in a dependency graph (depth-first, nodes in name order so the answer is stable).</summary>
public static class DependencyCycles
{
    /// <returns>The nodes of the first cycle found, the first node repeated at the end; null when there is none.</returns>
    public static IReadOnlyList<string>? Find(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        IReadOnlyList<string>? Visit(string node)
        {
            var onPath = path.IndexOf(node);
            if (onPath >= 0)
            {
                return [.. path.Skip(onPath), node];
            }

            if (!done.Add(node))
            {
                return null;
            }

            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node, []).Order(StringComparer.Ordinal))
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }
    }
}
