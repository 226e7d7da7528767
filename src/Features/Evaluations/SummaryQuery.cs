using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations.Engine;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>The SQL engines the summary query is written for.</summary>
public enum SummaryDialect
{
    /// <summary>Spark SQL, Databricks.</summary>
    Spark,

    /// <summary>SQL Server, Azure SQL (T-SQL).</summary>
    Tsql,

    /// <summary>PostgreSQL.</summary>
    Postgres,

    /// <summary>DuckDB (Parquet and CSV files on a laptop).</summary>
    Duckdb,

    /// <summary>SQLite.</summary>
    Sqlite,
}

/// <summary>What the summary query reads: the source's columns as a row upload names them.</summary>
/// <param name="Binary">A binary classifier (score histograms, group rates, DeLong) rather than a regression model (sums).</param>
/// <param name="Challenger">The challenger's version when the source has <c>challenger_score</c>.</param>
public sealed record SummaryShape(int ModelId, int Version, int? Challenger, bool Binary, int Precision,
    IReadOnlyList<string> Numeric, IReadOnlyList<string> Categorical, IReadOnlyList<string> Sensitive)
{
    /// <summary>
    /// What the query writes into its <c>meta</c> row, so that the upload can tell a summary of another model, version or
    /// challenger from the one it is given.
    /// </summary>
    public string Fingerprint => string.Create(CultureInfo.InvariantCulture,
        $"model={ModelId};version={Version};challenger={(Challenger is int c ? c.ToString(CultureInfo.InvariantCulture) : "none")}");

    public static SummaryShape Of(Model model, ModelVersion version, int? challenger, int precision) =>
        new(model.Id, version.Number, challenger, model.ModelType == ModelType.BinaryClassification, precision,
            [.. version.Features.OrderBy(f => f.Ordinal).Where(f => f.Type == FeatureType.Numeric).Select(f => f.Name)],
            [.. version.Features.OrderBy(f => f.Ordinal).Where(f => f.Type == FeatureType.Categorical).Select(f => f.Name)],
            [.. model.SensitiveAttributes]);
}

/// <summary>
/// Writes the one SQL statement that reduces a scored batch, where it lives, to its sufficient statistics (issue #18,
/// docs/decisions/019-evaluating-where-the-data-lives.md): a result set whose size depends on the precision, the groups
/// and the features, never on the number of rows. Only SQL every dialect shares (CTEs, GROUP BY, CASE, window SUM, CAST,
/// FLOOR, UNION ALL); identifiers are checked and quoted, so the text carries nothing a caller typed but names.
/// </summary>
public static partial class SummaryQuery
{
    /// <summary>The result set's columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["section", "col", "name", "grp", "k", "pos", "neg", "tp", "fp", "s1", "s2", "s3", "s4", "s5"];

    /// <summary>The default precision: 4 decimals.</summary>
    public const int DefaultPrecision = 4;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    /// <summary>Letters, digits and underscores, not starting with a digit, at most 128 characters.</summary>
    public static bool IsIdentifier(string? name) => name is { Length: > 0 and <= 128 } && IdentifierPattern().IsMatch(name);

    /// <summary>A table or view: an identifier, optionally qualified by a schema (and a catalog): <c>a.b.c</c>.</summary>
    public static bool IsSource(string? source) => source is { Length: > 0 } && source.Split('.') is { Length: <= 3 } parts && parts.All(IsIdentifier);

    /// <summary>The statement, or the name that cannot be written into it.</summary>
    /// <exception cref="ArgumentException">A name is not an identifier (its parameter name says which).</exception>
    public static string Write(SummaryShape shape, SummaryDialect dialect, string source)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!IsSource(source))
        {
            throw new ArgumentException(source, nameof(source));
        }

        foreach (var name in shape.Numeric.Concat(shape.Categorical).Concat(shape.Sensitive))
        {
            if (!IsIdentifier(name))
            {
                throw new ArgumentException(name, nameof(shape));
            }
        }

        if (shape.Precision is < 0 or > BatchSummary.MaxPrecision)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape.Precision, "precision");
        }

        return new Writer(shape, dialect, source).Write();
    }

    private sealed class Writer(SummaryShape shape, SummaryDialect dialect, string source)
    {
        private readonly StringBuilder sql = new();
        private readonly List<string> branches = [];
        private readonly string scale = Math.Pow(10, shape.Precision).ToString("F0", CultureInfo.InvariantCulture);

        private string Double => dialect switch
        {
            SummaryDialect.Postgres => "DOUBLE PRECISION",
            SummaryDialect.Tsql => "FLOAT",
            SummaryDialect.Sqlite => "REAL",
            _ => "DOUBLE",
        };

        private string Text => dialect switch
        {
            SummaryDialect.Spark => "STRING",
            SummaryDialect.Tsql => "NVARCHAR(4000)",
            SummaryDialect.Duckdb => "VARCHAR",
            _ => "TEXT",
        };

        private string Quote(string name) => dialect switch
        {
            SummaryDialect.Tsql => $"[{name}]",
            SummaryDialect.Spark => $"`{name}`",
            _ => $"\"{name}\"",
        };

        private string Dbl(string expression) => $"CAST({expression} AS {Double})";

        private static string Big(string expression) => $"CAST({expression} AS BIGINT)";

        private string Str(string expression) => $"CAST({expression} AS {Text})";

        private string Bucket(string value) => Big($"FLOOR({value} * {scale} + 0.5)");

        private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

        private const string Running = "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW";

        /// <summary>Score columns: the champion's and, with a challenger, the challenger's (index i is column s{i}, bucket k{i}).</summary>
        private List<string> ScoreColumns => shape.Challenger is null ? [BatchSummary.Score] : [BatchSummary.Score, BatchSummary.ChallengerScore];

        public string Write()
        {
            var label = "label";
            sql.Append("-- ModelOps Portal summary query (docs/decisions/019-evaluating-where-the-data-lives.md)\n");
            sql.Append(CultureInfo.InvariantCulture, $"-- {shape.Fingerprint}; precision {shape.Precision}; dialect {dialect.ToString().ToLowerInvariant()}\n");
            sql.Append("-- Run it over the whole table, save the result set as CSV with a header row and upload it to\n");
            sql.Append(CultureInfo.InvariantCulture, $"-- POST /api/models/{shape.ModelId}/evaluations/summary?version={shape.Version}");
            sql.Append(shape.Challenger is int ch ? string.Create(CultureInfo.InvariantCulture, $"&challenger={ch}") : "");
            sql.Append(CultureInfo.InvariantCulture, $"&precision={shape.Precision}\n");

            // rows: the source's columns, typed; values as the row upload reads them (text groups, empty for NULL).
            var columns = new List<string>();
            var scores = ScoreColumns;
            for (var i = 0; i < scores.Count; i++)
            {
                columns.Add($"{Dbl(Quote(scores[i]))} AS s{i}");
            }

            columns.Add($"{Dbl(Quote(label))} AS y");
            for (var i = 0; i < shape.Sensitive.Count; i++)
            {
                columns.Add($"COALESCE({Str(Quote(shape.Sensitive[i]))}, '') AS g{i}");
            }

            for (var i = 0; i < shape.Numeric.Count; i++)
            {
                columns.Add($"{Dbl(Quote(shape.Numeric[i]))} AS f{i}");
            }

            for (var i = 0; i < shape.Categorical.Count; i++)
            {
                columns.Add($"COALESCE({Str(Quote(shape.Categorical[i]))}, '') AS c{i}");
            }

            var from = string.Join(".", source.Split('.').Select(Quote));
            sql.Append("WITH src AS (\n  SELECT ").AppendJoin(",\n    ", columns).Append(CultureInfo.InvariantCulture, $"\n  FROM {from}\n),\n");

            // b: each row with its buckets and its class as counts (BIGINT, so sums never overflow an INT).
            var bucketed = new List<string>();
            for (var i = 0; i < scores.Count; i++)
            {
                bucketed.Add($"s{i}");
                if (shape.Binary)
                {
                    bucketed.Add($"{Bucket($"s{i}")} AS k{i}");
                }
            }

            bucketed.Add("y");
            bucketed.Add(Big("CASE WHEN y = 1 THEN 1 ELSE 0 END") + " AS yp");
            bucketed.Add(Big("CASE WHEN y = 0 THEN 1 ELSE 0 END") + " AS yn");
            bucketed.Add(Big("1") + " AS one");
            bucketed.AddRange(shape.Sensitive.Select((_, i) => $"g{i}"));
            for (var i = 0; i < shape.Numeric.Count; i++)
            {
                bucketed.Add($"f{i}");
                bucketed.Add($"{Bucket($"f{i}")} AS fk{i}");
            }

            bucketed.AddRange(shape.Categorical.Select((_, i) => $"c{i}"));
            sql.Append("b AS (\n  SELECT ").AppendJoin(",\n    ", bucketed).Append("\n  FROM src\n),\n");

            // chk: the batch's row count and the values a row upload would refuse, counted in one pass.
            var checks = new List<(string Column, string Bad)>();
            for (var i = 0; i < scores.Count; i++)
            {
                checks.Add((scores[i], shape.Binary ? $"s{i} IS NULL OR s{i} < 0 OR s{i} > 1" : $"s{i} IS NULL"));
            }

            checks.Add((label, shape.Binary ? "y IS NULL OR (y <> 0 AND y <> 1)" : "y IS NULL"));
            checks.AddRange(shape.Numeric.Select((name, i) => (name, $"f{i} IS NULL")));
            sql.Append("chk AS (\n  SELECT SUM(one) AS n").Append(string.Concat(checks.Select((c, i) => $",\n    SUM(CASE WHEN {c.Bad} THEN 1 ELSE 0 END) AS bad{i}")))
                .Append("\n  FROM b\n)");

            Row("meta", "''", Literal(shape.Fingerprint), "''", shape.Precision.ToString(CultureInfo.InvariantCulture), "n", from: "chk");
            for (var i = 0; i < checks.Count; i++)
            {
                Row("check", "''", Literal(checks[i].Column), "''", "0", $"bad{i}", from: "chk");
            }

            if (shape.Binary)
            {
                WriteBinary(scores);
            }
            else
            {
                WriteRegression(scores);
            }

            for (var i = 0; i < shape.Numeric.Count; i++)
            {
                Row("feature", "''", Literal(shape.Numeric[i]), "''", $"fk{i}", "SUM(one)", from: $"b WHERE f{i} IS NOT NULL GROUP BY fk{i}");
            }

            for (var i = 0; i < shape.Categorical.Count; i++)
            {
                Row("category", "''", Literal(shape.Categorical[i]), $"c{i}", "0", "SUM(one)", from: $"b GROUP BY c{i}");
            }

            sql.Append('\n').AppendJoin("\nUNION ALL\n", branches).Append('\n');
            return sql.ToString();
        }

        private void WriteBinary(List<string> scores)
        {
            var threshold = BatchSummary.BucketOf(BinaryMetrics.Threshold, shape.Precision).ToString(CultureInfo.InvariantCulture);
            sql.Append(",\ntot AS (\n  SELECT SUM(yp) AS m, SUM(yn) AS n FROM b\n)");
            for (var i = 0; i < scores.Count; i++)
            {
                // h{i}: the score column's histogram.
                sql.Append(CultureInfo.InvariantCulture, $",\nh{i} AS (\n  SELECT k{i} AS k, SUM(yp) AS pos, SUM(yn) AS neg FROM b GROUP BY k{i}\n)");
                Row("score", Literal(scores[i]), "''", "''", "k", "pos", "neg", from: $"h{i}");
                for (var a = 0; a < shape.Sensitive.Count; a++)
                {
                    // gh: the group's histogram; its counts at the 0.5 threshold add up, its Mann-Whitney U needs it whole.
                    var gh = $"gh{i}_{a}";
                    sql.Append(CultureInfo.InvariantCulture, $",\n{gh} AS (\n  SELECT g{a} AS grp, k{i} AS k, SUM(yp) AS pos, SUM(yn) AS neg FROM b GROUP BY g{a}, k{i}\n)");
                    Row("group", Literal(scores[i]), Literal(shape.Sensitive[a]), "grp", "0", "SUM(pos)", "SUM(neg)",
                        $"SUM(CASE WHEN k >= {threshold} THEN pos ELSE 0 END)", $"SUM(CASE WHEN k >= {threshold} THEN neg ELSE 0 END)", from: $"{gh} GROUP BY grp");
                    Row("group_auc", Literal(scores[i]), Literal(shape.Sensitive[a]), "grp", "0", "0", "0", "0", "0",
                        s1: $"SUM({Dbl("pos")} * ({Dbl("below")} + 0.5 * {Dbl("neg")}))",
                        from: $"(SELECT grp, pos, neg, SUM(neg) OVER (PARTITION BY grp ORDER BY k {Running}) - neg AS below FROM {gh}) x GROUP BY grp");
                }
            }

            if (scores.Count == 2)
            {
                for (var i = 0; i < scores.Count; i++)
                {
                    // v{i}: DeLong's structural components of each bucket (a positive's V10 = (negatives below + half the
                    // negatives at its bucket) / n; a negative's V01 likewise over the positives above, / m); w{i}: the
                    // same less their mean, the column's AUC (the mean of V10 over the positives and of V01 over the
                    // negatives), so that the sums of squares do not cancel when the portal takes the variance.
                    sql.Append(CultureInfo.InvariantCulture, $",\nv{i} AS (\n  SELECT h.k, h.pos,\n")
                        .Append(CultureInfo.InvariantCulture, $"    ({Dbl($"SUM(h.neg) OVER (ORDER BY h.k {Running}) - h.neg")} + 0.5 * {Dbl("h.neg")}) / NULLIF({Dbl("t.n")}, 0) AS v10,\n")
                        .Append(CultureInfo.InvariantCulture, $"    ({Dbl($"t.m - SUM(h.pos) OVER (ORDER BY h.k {Running})")} + 0.5 * {Dbl("h.pos")}) / NULLIF({Dbl("t.m")}, 0) AS v01\n")
                        .Append(CultureInfo.InvariantCulture, $"  FROM h{i} h CROSS JOIN tot t\n)");
                    sql.Append(CultureInfo.InvariantCulture, $",\nw{i} AS (\n  SELECT v.k, v.v10 - c.mid AS v10, v.v01 - c.mid AS v01\n")
                        .Append(CultureInfo.InvariantCulture, $"  FROM v{i} v CROSS JOIN (SELECT SUM({Dbl("pos")} * v10) / NULLIF({Dbl("SUM(pos)")}, 0) AS mid FROM v{i}) c\n)");
                }

                // DeLong: each row's centred components of both columns, joined back from their buckets, summed per class.
                sql.Append(",\nd AS (\n  SELECT b.yp, b.one,\n")
                    .Append("    CASE WHEN b.yp = 1 THEN va.v10 ELSE va.v01 END AS a,\n")
                    .Append("    CASE WHEN b.yp = 1 THEN vb.v10 ELSE vb.v01 END AS c\n")
                    .Append("  FROM b JOIN w0 va ON va.k = b.k0 JOIN w1 vb ON vb.k = b.k1\n)");
                Row("delong", "''", "''", "''", "yp", "SUM(one)", s1: "SUM(a)", s2: "SUM(c)", s3: "SUM(a * a)", s4: "SUM(c * c)", s5: "SUM(a * c)", from: "d GROUP BY yp");
            }
        }

        private void WriteRegression(List<string> scores)
        {
            var floor = RegressionMetrics.RelativeErrorFloor.ToString("R", CultureInfo.InvariantCulture);
            for (var i = 0; i < scores.Count; i++)
            {
                var error = $"(y - s{i})";
                Row("regression", Literal(scores[i]), "''", "''", "0", "SUM(one)", s1: "SUM(y)", s2: "SUM(y * y)", s3: $"SUM({error} * {error})",
                    s4: $"SUM(ABS{error})", s5: $"SUM(ABS{error} / CASE WHEN ABS(y) > {Dbl(floor)} THEN ABS(y) ELSE {Dbl(floor)} END)", from: "b");
            }

            for (var a = 0; a < shape.Sensitive.Count; a++)
            {
                Row("regression_group", Literal(BatchSummary.Score), Literal(shape.Sensitive[a]), $"g{a}", "0", "SUM(one)",
                    s1: "SUM(s0)", s2: "SUM(y)", s3: "SUM(ABS(y - s0))", from: $"b GROUP BY g{a}");
            }
        }

        /// <summary>One branch of the result's UNION ALL, every column cast so that all dialects agree on its type.</summary>
        private void Row(string section, string col, string name, string grp, string k, string pos, string neg = "0", string tp = "0", string fp = "0",
            string s1 = "0", string s2 = "0", string s3 = "0", string s4 = "0", string s5 = "0", string from = "")
        {
            string[] values = [Str(Literal(section)), Str(col), Str(name), Str(grp), Big(k), Big(pos), Big(neg), Big(tp), Big(fp), Dbl(s1), Dbl(s2), Dbl(s3), Dbl(s4), Dbl(s5)];
            var list = branches.Count == 0 ? values.Select((v, i) => $"{v} AS {Columns[i]}") : values;
            branches.Add($"SELECT {string.Join(", ", list)}\nFROM {from}");
        }
    }
}
