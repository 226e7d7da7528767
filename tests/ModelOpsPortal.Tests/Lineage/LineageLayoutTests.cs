using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Lineage;
using ModelOpsPortal.Features.Lineage.Engine;

namespace ModelOpsPortal.Tests.Lineage;

/// <summary>The lineage graph's layout (columns, rows, curves) and the folding of older evaluations for drawing.</summary>
public sealed class LineageLayoutTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Steps_go_left_to_right_by_group_and_empty_groups_collapse()
    {
        var drawing = LineageLayout.Arrange(
            [("dataset", LineageStep.Dataset, null), ("code", LineageStep.Code, null), ("v1", LineageStep.Version, T0), ("d1", LineageStep.Deployment, T0)],
            [("dataset", "v1"), ("code", "v1"), ("v1", "d1")]);

        Assert.Equal(0, drawing.Nodes["dataset"].Column);
        Assert.Equal(0, drawing.Nodes["code"].Column);
        Assert.Equal(1, drawing.Nodes["v1"].Column);
        Assert.Equal(2, drawing.Nodes["d1"].Column); // no evidence or request columns: the deployment moves up
        Assert.Equal(3 * LineageLayout.NodeWidth + 2 * LineageLayout.ColumnGap, drawing.Width);
        Assert.Equal(2 * LineageLayout.NodeHeight + LineageLayout.RowGap, drawing.Height);
        // The lone version is centred beside the two inputs.
        Assert.Equal((drawing.Height - LineageLayout.NodeHeight) / 2, drawing.Nodes["v1"].Y);
        Assert.Equal(0, drawing.Nodes["dataset"].Y);
        Assert.Equal(LineageLayout.NodeHeight + LineageLayout.RowGap, drawing.Nodes["code"].Y);
    }

    [Fact]
    public void A_node_sits_level_with_the_nodes_that_feed_it_so_edges_do_not_cross()
    {
        // Two evaluations, the later one fed to the first request and the earlier to the second: the requests follow
        // their evaluations' order rather than their own times.
        var drawing = LineageLayout.Arrange(
            [("v", LineageStep.Version, T0), ("e1", LineageStep.Evaluation, T0.AddDays(1)), ("e2", LineageStep.Evaluation, T0.AddDays(2)),
             ("r1", LineageStep.Request, T0.AddDays(3)), ("r2", LineageStep.Request, T0.AddDays(4))],
            [("v", "e1"), ("v", "e2"), ("e2", "r1"), ("e1", "r2")]);

        Assert.True(drawing.Nodes["e1"].Row < drawing.Nodes["e2"].Row);
        Assert.True(drawing.Nodes["r2"].Row < drawing.Nodes["r1"].Row);
    }

    [Fact]
    public void Edges_are_curves_from_the_right_of_one_box_to_the_left_of_the_next()
    {
        var drawing = LineageLayout.Arrange([("a", LineageStep.Dataset, null), ("b", LineageStep.Version, null)], [("a", "b")]);

        var x1 = LineageLayout.NodeWidth;
        var x2 = LineageLayout.NodeWidth + LineageLayout.ColumnGap;
        var mid = (x1 + x2) / 2;
        var y = LineageLayout.NodeHeight / 2;
        Assert.Equal(FormattableString.Invariant($"M{x1},{y} C{mid},{y} {mid},{y} {x2},{y}"), drawing.Edges.Single().D);
    }

    [Fact]
    public void An_edge_within_one_column_loops_out_to_the_right()
    {
        var drawing = LineageLayout.Arrange([("b", LineageStep.Baseline, T0), ("e", LineageStep.Evaluation, T0)], [("b", "e")]);

        var path = drawing.Edges.Single().D;
        Assert.StartsWith(FormattableString.Invariant($"M{LineageLayout.NodeWidth},"), path, StringComparison.Ordinal);
        Assert.EndsWith(FormattableString.Invariant($" {LineageLayout.NodeWidth},{drawing.Nodes["e"].Y + LineageLayout.NodeHeight / 2}"), path, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_node_or_an_edge_to_nowhere_is_refused_by_name()
    {
        var twice = Assert.Throws<ArgumentException>(() => LineageLayout.Arrange([("a", LineageStep.Version, null), ("a", LineageStep.Dataset, null)], []));
        var dangling = Assert.Throws<ArgumentException>(() => LineageLayout.Arrange([("a", LineageStep.Version, null)], [("a", "ghost")]));

        Assert.Contains("'a'", twice.Message, StringComparison.Ordinal);
        Assert.Contains("ghost", dangling.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Condensing_keeps_the_latest_and_the_cited_evaluations_and_folds_the_rest_into_one_node()
    {
        LineageNode Evaluation(int i) => new($"evaluation-{i}", LineageStep.Evaluation, $"batch {i}", $"2026-{i:00}-01/2026-{i:00}-28", $"/e/{i}", T0.AddMonths(i));
        var nodes = new List<LineageNode> { new("version-1", LineageStep.Version, "v1", null, "/v/1") };
        nodes.AddRange(Enumerable.Range(1, 6).Select(Evaluation));
        nodes.Add(new LineageNode("request-9", LineageStep.Request, "#9", null, "/requests/9"));
        var edges = new List<LineageEdge>(Enumerable.Range(1, 6).Select(i => new LineageEdge("version-1", $"evaluation-{i}"))) { new("evaluation-2", "request-9") };
        var lineage = new VersionLineage(1, "m", 1, VersionStage.Production, ProductionRole.Champion, nodes, edges);

        var condensed = lineage.Condensed(keep: 2, href: "#table");

        Assert.Equal(["evaluation-2", "evaluation-5", "evaluation-6"], condensed.Nodes.Where(n => n.Step == LineageStep.Evaluation).Select(n => n.Id));
        var fold = Assert.Single(condensed.Nodes, n => n.Step == LineageStep.MoreEvaluations);
        Assert.Equal(3, fold.Count); // 1, 3 and 4
        Assert.Equal("2026-01-01/2026-04-28", fold.Detail);
        Assert.Equal("#table", fold.Href);
        Assert.Single(condensed.Edges, e => e.To == VersionLineage.MoreEvaluationsId); // three edges become one
        Assert.Contains(new LineageEdge("evaluation-2", "request-9"), condensed.Edges);
        Assert.Same(lineage, lineage.Condensed(keep: 6));
    }
}
