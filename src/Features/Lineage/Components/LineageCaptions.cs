using System.Globalization;
using Microsoft.Extensions.Localization;
using ModelOpsPortal.App.Components;
using ModelOpsPortal.App.Localization;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Lineage.Engine;

namespace ModelOpsPortal.Features.Lineage.Components;

/// <summary>
/// What each lineage node says in the reader's language: the step ("Training data", "Request #12"), the title (the
/// dataset's name, the request's kind) and one line of detail (snapshot and hash, stage and role, approvers, live or
/// removed). The graph boxes and the table use the same captions.
/// </summary>
public sealed class LineageCaptions(IStringLocalizer<LineageText> text, IStringLocalizer<SharedText> shared, BrowserTimeZone zone)
{
    public string Step(LineageNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Step == LineageStep.Request ? text["Step.Request", node.Title] : text[$"Step.{node.Step}"];
    }

    public string Title(LineageNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Step switch
        {
            LineageStep.Baseline => text["Detail.Rows", Number(node.Count)],
            LineageStep.MoreEvaluations => text["Detail.Evaluations", Number(node.Count)],
            LineageStep.Request when node.RequestKind is RequestKind kind => shared.Name(kind),
            LineageStep.Retirement when node.At is DateTime at => zone.Format(at, dateOnly: true),
            _ => node.Title,
        };
    }

    public string Detail(LineageNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Step switch
        {
            LineageStep.Dataset => Join(
                node.At is DateTime snapshot ? text["Detail.Snapshot", snapshot.ToString("d", CultureInfo.CurrentCulture)].Value : null,
                node.Detail is { } hash ? text["Detail.Hash", hash].Value : null),
            LineageStep.Code => node.Detail is { } commit ? text["Detail.Commit", commit] : "",
            LineageStep.Version => Join(node.Stage is VersionStage stage ? shared.Name(stage) : null,
                node.Role is ProductionRole role and not ProductionRole.None ? shared.Name(role) : null),
            LineageStep.Evaluation or LineageStep.MoreEvaluations => Period(node.Detail),
            LineageStep.Request => Join(node.RequestStatus is RequestStatus status ? shared.Name(status) : null,
                node.Approvers is { Count: > 0 } approvers ? text["Detail.ApprovedBy", string.Join(", ", approvers)].Value : null),
            LineageStep.Deployment => Join(node.Detail, node.Live == true ? text["Detail.Live"] : text["Detail.Removed"]),
            LineageStep.Retirement => node.By is { } by ? text["Detail.By", by] : "",
            _ => node.Detail ?? "",
        };
    }

    /// <summary>The box's label for a screen reader and its tooltip: every caption in full.</summary>
    public string Describe(LineageNode node) => Join(Step(node), Title(node), Detail(node));

    /// <summary>An ISO period (start/end) in the reader's culture; the same start and end month reads as one month.</summary>
    private static string Period(string? iso)
    {
        if (iso?.Split('/') is not [var from, var to]
            || !DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            return iso ?? "";
        }

        return start.Year == end.Year && start.Month == end.Month
            ? start.ToString("Y", CultureInfo.CurrentCulture)
            : $"{start.ToString("d", CultureInfo.CurrentCulture)} – {end.ToString("d", CultureInfo.CurrentCulture)}";
    }

    private static string Number(long? n) => (n ?? 0).ToString("N0", CultureInfo.CurrentCulture);

    private static string Join(params string?[] parts) => string.Join(" · ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
