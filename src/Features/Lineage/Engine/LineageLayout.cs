namespace ModelOpsPortal.Features.Lineage.Engine;

/// <summary>The steps of a version's lineage, in the order the record flows (left to right in the graph).</summary>
public enum LineageStep
{
    Dataset,
    Code,
    ParentVersion,
    Version,
    Baseline,
    Evaluation,
    MoreEvaluations,
    Request,
    Deployment,
    Retirement,
}

/// <summary>Where a node sits: its column and row, and the box's top-left corner in pixels.</summary>
public sealed record NodePlacement(string Id, int Column, int Row, double X, double Y);

/// <summary>An edge drawn as a cubic curve from the right side of one box to the left side of another.</summary>
public sealed record EdgePath(string From, string To, string D);

/// <summary>The arranged graph: every node's placement, every edge's path, and the drawing's size.</summary>
public sealed record LineageDrawing(IReadOnlyDictionary<string, NodePlacement> Nodes, IReadOnlyList<EdgePath> Edges, double Width, double Height);

/// <summary>
/// Lays a lineage graph out left to right: one column per group of steps (inputs, version, evidence, requests,
/// deployments, retirement; empty columns collapse), each column centred vertically, and within a column nodes ordered
/// by the mean row of the nodes that feed them (one barycentre pass, which keeps edges from crossing in the usual
/// shapes), then by time. Pure: the same graph always gives the same drawing.
/// </summary>
public static class LineageLayout
{
    public const double NodeWidth = 184;
    public const double NodeHeight = 64;
    public const double ColumnGap = 44;
    public const double RowGap = 16;

    /// <summary>The column group of each step.</summary>
    public static int Group(LineageStep step) => step switch
    {
        LineageStep.Dataset or LineageStep.Code or LineageStep.ParentVersion => 0,
        LineageStep.Version => 1,
        LineageStep.Baseline or LineageStep.Evaluation or LineageStep.MoreEvaluations => 2,
        LineageStep.Request => 3,
        LineageStep.Deployment => 4,
        _ => 5,
    };

    /// <param name="nodes">Id, step and time (for the order within a column) of every node; ids are unique.</param>
    /// <param name="edges">From and to ids; both must be nodes.</param>
    /// <exception cref="ArgumentException">A duplicate node id, or an edge naming an unknown node.</exception>
    public static LineageDrawing Arrange(IReadOnlyList<(string Id, LineageStep Step, DateTime? At)> nodes, IReadOnlyList<(string From, string To)> edges)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(edges);
        var byId = new Dictionary<string, (string Id, LineageStep Step, DateTime? At)>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (!byId.TryAdd(node.Id, node))
            {
                throw new ArgumentException($"Node '{node.Id}' appears twice.", nameof(nodes));
            }
        }

        foreach (var (from, to) in edges)
        {
            if (!byId.ContainsKey(from) || !byId.ContainsKey(to))
            {
                throw new ArgumentException($"Edge {from} -> {to} names a node that is not in the graph.", nameof(edges));
            }
        }

        var groups = nodes.Select(n => Group(n.Step)).Distinct().Order().ToList();
        var column = nodes.ToDictionary(n => n.Id, n => groups.IndexOf(Group(n.Step)), StringComparer.Ordinal);
        var row = new Dictionary<string, double>(StringComparer.Ordinal);
        var columns = new List<List<string>>();
        for (var c = 0; c < groups.Count; c++)
        {
            var members = nodes.Where(n => column[n.Id] == c)
                .OrderBy(n => Barycentre(n.Id, edges, row))
                .ThenBy(n => n.Step)
                .ThenBy(n => n.At ?? DateTime.MaxValue)
                .ThenBy(n => n.Id, StringComparer.Ordinal)
                .Select(n => n.Id).ToList();
            for (var r = 0; r < members.Count; r++)
            {
                row[members[r]] = r - (members.Count - 1) / 2.0; // centred on the middle row
            }

            columns.Add(members);
        }

        var tallest = columns.Count == 0 ? 0 : columns.Max(c => c.Count);
        var height = tallest == 0 ? 0 : tallest * NodeHeight + (tallest - 1) * RowGap;
        var width = columns.Count == 0 ? 0 : columns.Count * NodeWidth + (columns.Count - 1) * ColumnGap;
        var placements = new Dictionary<string, NodePlacement>(StringComparer.Ordinal);
        for (var c = 0; c < columns.Count; c++)
        {
            var top = (height - (columns[c].Count * NodeHeight + (columns[c].Count - 1) * RowGap)) / 2;
            for (var r = 0; r < columns[c].Count; r++)
            {
                placements[columns[c][r]] = new NodePlacement(columns[c][r], c, r, c * (NodeWidth + ColumnGap), top + r * (NodeHeight + RowGap));
            }
        }

        var paths = edges.Select(e => new EdgePath(e.From, e.To, Curve(placements[e.From], placements[e.To]))).ToList();
        return new LineageDrawing(placements, paths, width, height);
    }

    /// <summary>The mean centred row of the nodes already placed that feed this one; 0 when none are placed.</summary>
    private static double Barycentre(string id, IReadOnlyList<(string From, string To)> edges, Dictionary<string, double> placed)
    {
        var rows = edges.Where(e => e.To == id && placed.ContainsKey(e.From)).Select(e => placed[e.From]).ToList();
        return rows.Count == 0 ? 0 : rows.Average();
    }

    private static string Curve(NodePlacement from, NodePlacement to)
    {
        var x1 = from.X + NodeWidth;
        var y1 = from.Y + NodeHeight / 2;
        var x2 = to.X;
        var y2 = to.Y + NodeHeight / 2;
        if (to.Column <= from.Column)
        {
            // Same column (a baseline feeding an evaluation): a loop out to the right and back.
            x2 = to.X + NodeWidth;
            var bulge = x1 + ColumnGap / 2;
            return FormattableString.Invariant($"M{x1:0.#},{y1:0.#} C{bulge:0.#},{y1:0.#} {bulge:0.#},{y2:0.#} {x2:0.#},{y2:0.#}");
        }

        var mid = (x1 + x2) / 2;
        return FormattableString.Invariant($"M{x1:0.#},{y1:0.#} C{mid:0.#},{y1:0.#} {mid:0.#},{y2:0.#} {x2:0.#},{y2:0.#}");
    }
}
