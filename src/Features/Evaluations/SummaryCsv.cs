using System.Globalization;
using System.Text;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Csv;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>
/// Reads the result set of the summary query (<see cref="SummaryQuery"/>) as CSV, as any engine writes it, and checks
/// it against what the query was written for: the precision, the model, version and challenger, the version's features
/// and the model's sensitive attributes, whole non-negative counts, and sections that agree on the number of rows. The
/// additive sections may come from several runs concatenated (rows with the same keys are added); the two that need
/// the whole table (<c>group_auc</c>, <c>delong</c>) must not repeat. Errors name the line and the column.
/// </summary>
internal static class SummaryCsv
{
    private const int MaxRows = int.MaxValue;

    private sealed class Counts
    {
        public long Pos, Neg, Tp, Fp;
        public double S1, S2, S3, S4, S5;
        public int Line;
    }

    private sealed record Key(string Col, string Name, string Grp, long K);

    public static async Task<BatchSummary> ReadAsync(Stream body, SummaryShape shape, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        var csv = new CsvReader(body);
        var sections = new Dictionary<string, Dictionary<Key, Counts>>(StringComparer.Ordinal)
        {
            ["meta"] = [], ["check"] = [], ["score"] = [], ["group"] = [], ["group_auc"] = [], ["delong"] = [],
            ["feature"] = [], ["category"] = [], ["regression"] = [], ["regression_group"] = [],
        };
        string[] wholeTable = ["group_auc", "delong"];
        try
        {
            if (!await csv.ReadRowAsync(ct))
            {
                throw Problem(EvaluationMessages.EmptyBody);
            }

            var at = new int[SummaryQuery.Columns.Count];
            var header = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i).Trim().Trim('"')).ToList();
            for (var c = 0; c < at.Length; c++)
            {
                at[c] = header.FindIndex(h => string.Equals(h, SummaryQuery.Columns[c], StringComparison.OrdinalIgnoreCase));
                if (at[c] < 0)
                {
                    throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryMissingColumn, SummaryQuery.Columns[c], string.Join(", ", SummaryQuery.Columns)));
                }
            }

            while (await csv.ReadRowAsync(ct))
            {
                if (csv.IsBlankLine)
                {
                    continue;
                }

                var line = csv.RowLine;
                if (csv.FieldCount != header.Count)
                {
                    throw Problem(EvaluationMessages.Format(EvaluationMessages.FieldCount, line, csv.FieldCount, header.Count));
                }

                var section = csv.GetString(at[0]).Trim();
                if (!sections.TryGetValue(section, out var rowsOf))
                {
                    throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryUnknownSection, line, section));
                }

                var key = new Key(csv.GetString(at[1]), csv.GetString(at[2]), csv.GetString(at[3]), Count(csv, at, 4, line, negativeAllowed: section is "feature"));
                if (section == "meta")
                {
                    if (key.K != shape.Precision)
                    {
                        throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryPrecision, key.K, shape.Precision));
                    }

                    if (key.Name != shape.Fingerprint)
                    {
                        throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryOtherModel, key.Name, shape.Fingerprint));
                    }
                }

                if (rowsOf.TryGetValue(key, out var counts) && wholeTable.Contains(section))
                {
                    throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryRepeated, line, section, counts.Line));
                }

                if (counts is null)
                {
                    rowsOf[key] = counts = new Counts { Line = line };
                }

                counts.Pos += Count(csv, at, 5, line);
                counts.Neg += Count(csv, at, 6, line);
                counts.Tp += Count(csv, at, 7, line);
                counts.Fp += Count(csv, at, 8, line);
                counts.S1 += Sum(csv, at, 9, line);
                counts.S2 += Sum(csv, at, 10, line);
                counts.S3 += Sum(csv, at, 11, line);
                counts.S4 += Sum(csv, at, 12, line);
                counts.S5 += Sum(csv, at, 13, line);
                if (counts.Tp > counts.Pos || counts.Fp > counts.Neg)
                {
                    throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryGroupCounts, line));
                }
            }
        }
        catch (CsvFormatException e)
        {
            throw EvaluationBatch.Problem(e);
        }

        if (sections["meta"].Count == 0)
        {
            throw Problem(EvaluationMessages.SummaryNoMeta);
        }

        var rows = sections["meta"].Values.Sum(c => c.Pos);
        if (rows == 0)
        {
            throw Problem(EvaluationMessages.SummaryEmptySource);
        }

        if (rows > MaxRows)
        {
            throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryTooManyRows, MaxRows));
        }

        return Build(sections, shape, rows);
    }

    private static BatchSummary Build(Dictionary<string, Dictionary<Key, Counts>> sections, SummaryShape shape, long rows)
    {
        List<string> scores = shape.Challenger is null ? [BatchSummary.Score] : [BatchSummary.Score, BatchSummary.ChallengerScore];
        // What a row upload would have refused, the query counted: refuse it likewise.
        foreach (var (key, counts) in sections["check"])
        {
            if (counts.Pos > 0)
            {
                throw Problem(EvaluationMessages.Format(
                    key.Name == "label" ? (shape.Binary ? EvaluationMessages.SummaryBadLabels : EvaluationMessages.SummaryEmptyValues)
                    : scores.Contains(key.Name) && shape.Binary ? EvaluationMessages.SummaryBadScores : EvaluationMessages.SummaryEmptyValues,
                    counts.Pos, key.Name));
            }
        }

        Expect(sections, "feature", shape.Numeric, k => k.Name);
        Expect(sections, "category", shape.Categorical, k => k.Name);
        if (shape.Binary)
        {
            Expect(sections, "score", scores, k => k.Col);
            Expect(sections, "group", scores.SelectMany(s => shape.Sensitive.Select(a => s + "/" + a)).ToList(), k => k.Col + "/" + k.Name);
            Expect(sections, "group_auc", scores.SelectMany(s => shape.Sensitive.Select(a => s + "/" + a)).ToList(), k => k.Col + "/" + k.Name);
            Expect(sections, "delong", scores.Count == 2 ? ["0", "1"] : [], k => k.K.ToString(CultureInfo.InvariantCulture), optional: true);
            Expect(sections, "regression", [], k => k.Col);
            Expect(sections, "regression_group", [], k => k.Name);
        }
        else
        {
            Expect(sections, "regression", scores, k => k.Col);
            Expect(sections, "regression_group", shape.Sensitive, k => k.Name);
            foreach (var section in new[] { "score", "group", "group_auc", "delong" })
            {
                Expect(sections, section, [], k => k.Col);
            }
        }

        // Every section counts the same rows.
        void Agree(string section, string what, long count)
        {
            if (count != rows)
            {
                throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryRowsDisagree, rows, section, what, count));
            }
        }

        var top = Math.Pow(10, shape.Precision);
        var histograms = new Dictionary<string, ScoreHistogram>(StringComparer.Ordinal);
        foreach (var column in shape.Binary ? scores : [])
        {
            var buckets = sections["score"].Where(x => x.Key.Col == column).OrderBy(x => x.Key.K).ToList();
            if (buckets.FirstOrDefault(b => b.Key.K > top) is { Key: not null } outside)
            {
                throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryBucketRange, outside.Value.Line, outside.Key.K, column, top));
            }

            Agree("score", column, buckets.Sum(b => b.Value.Pos + b.Value.Neg));
            histograms[column] = new ScoreHistogram([.. buckets.Select(b => BatchSummary.ValueOf(b.Key.K, shape.Precision))],
                [.. buckets.Select(b => b.Value.Pos)], [.. buckets.Select(b => b.Value.Neg)]);
        }

        var groups = new List<GroupSummary>();
        foreach (var (key, c) in sections["group"].OrderBy(x => x.Key.Col, StringComparer.Ordinal).ThenBy(x => x.Key.Name, StringComparer.Ordinal).ThenBy(x => x.Key.Grp, StringComparer.Ordinal))
        {
            if (!sections["group_auc"].TryGetValue(key, out var auc))
            {
                throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryMissing, "group_auc", $"{key.Name} = {key.Grp}"));
            }

            groups.Add(new GroupSummary(key.Col, key.Name, key.Grp, c.Pos + c.Neg, c.Tp + c.Fp, c.Pos, c.Tp, c.Fp, auc.S1));
        }

        foreach (var column in shape.Binary ? scores : [])
        {
            foreach (var attribute in shape.Sensitive)
            {
                Agree("group", $"{column} / {attribute}", groups.Where(g => g.Column == column && g.Attribute == attribute).Sum(g => g.Count));
            }
        }

        foreach (var key in sections["group_auc"].Keys.Where(k => !sections["group"].ContainsKey(k)))
        {
            throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryMissing, "group", $"{key.Name} = {key.Grp}"));
        }

        DeLongSums? delong = null;
        if (shape.Binary && scores.Count == 2 && sections["delong"].Count == 0)
        {
            // The query always writes it with a challenger; a result set without it lost its whole-table part.
            throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryMissing, "delong", BatchSummary.ChallengerScore));
        }

        if (shape.Binary && scores.Count == 2)
        {
            var byClass = sections["delong"].ToDictionary(x => x.Key.K, x => x.Value);
            Agree("delong", "", byClass.Values.Sum(c => c.Pos));
            if (byClass.TryGetValue(1, out var positives) && byClass.TryGetValue(0, out var negatives))
            {
                var m = histograms[BatchSummary.Score].Positives.Sum();
                if (positives.Pos != m)
                {
                    throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryRowsDisagree, m, "delong", "1", positives.Pos));
                }

                static ComponentSums Of(Counts c) => new(c.Pos, c.S1, c.S2, c.S3, c.S4, c.S5);
                delong = new DeLongSums(Of(positives), Of(negatives));
            }
        }

        var numeric = new Dictionary<string, ValueHistogram>(StringComparer.Ordinal);
        foreach (var feature in shape.Numeric)
        {
            var values = sections["feature"].Where(x => x.Key.Name == feature).OrderBy(x => x.Key.K).ToList();
            Agree("feature", feature, values.Sum(v => v.Value.Pos));
            numeric[feature] = new ValueHistogram([.. values.Select(v => BatchSummary.ValueOf(v.Key.K, shape.Precision))], [.. values.Select(v => v.Value.Pos)]);
        }

        var categorical = new Dictionary<string, IReadOnlyList<KeyValuePair<string, long>>>(StringComparer.Ordinal);
        foreach (var feature in shape.Categorical)
        {
            List<KeyValuePair<string, long>> values = [.. sections["category"].Where(x => x.Key.Name == feature)
                .OrderBy(x => x.Key.Grp, StringComparer.Ordinal).Select(x => KeyValuePair.Create(x.Key.Grp, x.Value.Pos))];
            Agree("category", feature, values.Sum(v => v.Value));
            categorical[feature] = values;
        }

        var regression = new Dictionary<string, RegressionSums>(StringComparer.Ordinal);
        foreach (var (key, c) in shape.Binary ? [] : sections["regression"])
        {
            Agree("regression", key.Col, c.Pos);
            regression[key.Col] = new RegressionSums(c.Pos, c.S1, c.S2, c.S3, c.S4, c.S5);
        }

        var regressionGroups = new List<RegressionGroupSummary>();
        foreach (var attribute in shape.Binary ? [] : shape.Sensitive)
        {
            var of = sections["regression_group"].Where(x => x.Key.Name == attribute).OrderBy(x => x.Key.Grp, StringComparer.Ordinal).ToList();
            Agree("regression_group", attribute, of.Sum(x => x.Value.Pos));
            regressionGroups.AddRange(of.Select(x => new RegressionGroupSummary(attribute,
                new RegressionGroupSums(x.Key.Grp, (int)x.Value.Pos, x.Value.S1, x.Value.S2, x.Value.S3))));
        }

        return new BatchSummary(shape.Precision, rows, histograms, groups, delong, numeric, categorical, regression, regressionGroups);
    }

    /// <summary>The section names exactly the expected things: a missing one and an unexpected one are both refused.</summary>
    private static void Expect(Dictionary<string, Dictionary<Key, Counts>> sections, string section, IReadOnlyList<string> expected, Func<Key, string> nameOf, bool optional = false)
    {
        var present = sections[section].ToLookup(x => nameOf(x.Key), x => x.Value.Line, StringComparer.Ordinal);
        foreach (var unexpected in present.Where(p => !expected.Contains(p.Key, StringComparer.Ordinal)))
        {
            throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryUnexpected, unexpected.Min(), section, unexpected.Key));
        }

        if (optional && present.Count == 0)
        {
            return;
        }

        foreach (var missing in expected.Where(e => !present.Contains(e)))
        {
            throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryMissing, section, missing));
        }
    }

    /// <summary>A whole count: an integer (or a double that is one, as some writers print), not negative unless allowed.</summary>
    private static long Count(CsvReader csv, int[] at, int column, int line, bool negativeAllowed = false)
    {
        var raw = csv[at[column]].Trim((byte)' ');
        if (IsNull(raw))
        {
            return 0; // SUM over no rows (an empty source) is NULL
        }

        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            || (Utf8Number.TryParse(raw, out var number) && Math.Abs(number) < 9007199254740992d && number == Math.Floor(number) && (value = (long)number) == number))
        {
            if (value >= 0 || negativeAllowed)
            {
                return value;
            }
        }

        throw Problem(EvaluationMessages.Format(EvaluationMessages.SummaryNotACount, line, at[column] + 1, SummaryQuery.Columns[column], Encoding.UTF8.GetString(raw)));
    }

    private static double Sum(CsvReader csv, int[] at, int column, int line)
    {
        var raw = csv[at[column]].Trim((byte)' ');
        if (IsNull(raw))
        {
            return double.NaN; // an empty sum (SQL NULL): DeLong's components of a class that is missing
        }

        return Utf8Number.TryParse(raw, out var value) && !double.IsInfinity(value)
            ? value
            : throw Problem(EvaluationMessages.Format(EvaluationMessages.NotANumber, line, at[column] + 1, SummaryQuery.Columns[column], Encoding.UTF8.GetString(raw)));
    }

    /// <summary>How engines write SQL NULL: an empty field, or NULL (spark-sql's output).</summary>
    private static bool IsNull(ReadOnlySpan<byte> raw) => raw.Length == 0 || Ascii.EqualsIgnoreCase(raw, "NULL"u8);

    private static InputRejectedException Problem(string message) => EvaluationBatch.Problem(message);
}
