using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Csv;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>
/// The columns of an uploaded batch that the engine needs, read straight from the UTF-8 bytes and checked row by row:
/// every error names its line and column, and the first one stops the read. Columns the engine does not use are
/// skipped without being decoded.
/// </summary>
internal sealed class EvaluationBatch
{
    internal readonly Column scores = new();
    internal readonly Column? challenger;
    internal readonly List<int>? labelsOrNull;
    internal int[] labels = [];
    internal readonly Column? actuals;

    internal EvaluationBatch(bool challenger, bool binaryLabels, bool actuals)
    {
        this.challenger = challenger ? new Column() : null;
        labelsOrNull = binaryLabels ? [] : null;
        this.actuals = actuals ? new Column() : null;
    }

    public int Rows { get; internal set; }
    public ReadOnlySpan<double> Scores => scores.Span;
    public bool HasChallenger => challenger is not null;
    public ReadOnlySpan<double> Challenger => challenger is null ? default : challenger.Span;
    public bool HasLabels => labelsOrNull is not null;
    public ReadOnlySpan<int> Labels => labels;
    public bool HasActuals => actuals is not null;
    public ReadOnlySpan<double> Actuals => actuals is null ? default : actuals.Span;
    public Dictionary<string, double[]> Numeric { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, CategoricalValues> Categorical { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, CategoricalValues> Sensitive { get; } = new(StringComparer.Ordinal);

    /// <param name="requireScore">True for an evaluation (score, challenger and label are read); false for a baseline (features only).</param>
    /// <param name="binary">Scores must lie in [0, 1] and labels be 0 or 1; otherwise labels are numeric actuals.</param>
    public static async Task<EvaluationBatch> ReadAsync(Stream body, IReadOnlyList<VersionFeature> features, IReadOnlyList<string> sensitive,
        bool requireScore, bool binary, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        // Parquet files start with "PAR1"; anything else is read as CSV.
        var head = new byte[4];
        var sniffed = 0;
        while (sniffed < head.Length && await body.ReadAsync(head.AsMemory(sniffed), ct) is var read and > 0)
        {
            sniffed += read;
        }

        if (sniffed == 4 && head.AsSpan().SequenceEqual("PAR1"u8))
        {
            return await ParquetBatch.ReadAsync(head, body, features, sensitive, requireScore, binary, ct);
        }

        var csv = new CsvReader(body, head.AsSpan(0, sniffed));
        try
        {
            return await ReadRowsAsync(csv, features, sensitive, requireScore, binary, ct);
        }
        catch (CsvFormatException e)
        {
            throw Problem(e);
        }
    }

    private static async Task<EvaluationBatch> ReadRowsAsync(CsvReader csv, IReadOnlyList<VersionFeature> features, IReadOnlyList<string> sensitive,
        bool requireScore, bool binary, CancellationToken ct)
    {
        if (!await csv.ReadRowAsync(ct))
        {
            throw Problem(EvaluationMessages.EmptyBody);
        }

        var header = new string[csv.FieldCount];
        for (var i = 0; i < header.Length; i++)
        {
            header[i] = Encoding.UTF8.GetString(Text(csv, i, 1)).Trim();
        }

        var column = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            // A repeated name would leave it to chance which of the two columns is read.
            if (!column.TryAdd(header[i], i))
            {
                throw Problem(EvaluationMessages.Format(EvaluationMessages.DuplicateColumn, header[i], column[header[i]] + 1, i + 1));
            }
        }

        var scoreAt = requireScore ? column.GetValueOrDefault("score", -1) : -1;
        if (requireScore && scoreAt < 0)
        {
            throw Problem(EvaluationMessages.NoScoreColumn);
        }

        var challengerAt = requireScore ? column.GetValueOrDefault("challenger_score", -1) : -1;
        var labelAt = requireScore ? column.GetValueOrDefault("label", -1) : -1;
        var batch = new EvaluationBatch(challengerAt >= 0, labelAt >= 0 && binary, labelAt >= 0 && !binary);

        var layout = new Layout(header, binary, scoreAt, challengerAt, labelAt,
            [.. features.Where(f => f.Type == FeatureType.Numeric && column.ContainsKey(f.Name)).Select(f => (f.Name, column[f.Name], new Column()))],
            [.. features.Where(f => f.Type == FeatureType.Categorical && column.ContainsKey(f.Name)).Select(f => (f.Name, column[f.Name], new CategoricalValues.Builder()))],
            [.. sensitive.Where(column.ContainsKey).Select(s => (s, column[s], new CategoricalValues.Builder()))]);
        while (await csv.ReadRowAsync(ct))
        {
            layout.Add(csv, batch);
        }

        if (batch.Rows == 0)
        {
            throw Problem(EvaluationMessages.NoRows);
        }

        batch.labels = batch.labelsOrNull is null ? [] : [.. batch.labelsOrNull];
        foreach (var (name, _, values) in layout.Numeric)
        {
            batch.Numeric[name] = values.Span.ToArray();
        }

        foreach (var (name, _, values) in layout.Categorical)
        {
            batch.Categorical[name] = values.Build();
        }

        foreach (var (name, _, values) in layout.Groups)
        {
            batch.Sensitive[name] = values.Build();
        }

        return batch;
    }

    /// <summary>Where each column the engine needs sits in the rows, and the columns being filled.</summary>
    private sealed record Layout(
        string[] Header, bool Binary, int ScoreAt, int ChallengerAt, int LabelAt,
        (string Name, int At, Column Values)[] Numeric,
        (string Name, int At, CategoricalValues.Builder Values)[] Categorical,
        (string Name, int At, CategoricalValues.Builder Values)[] Groups)
    {
        /// <summary>Checks one row and appends its values (optimised at once: it runs a million times in a single request).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(CsvReader csv, EvaluationBatch batch)
        {
            if (csv.IsBlankLine)
            {
                return;
            }

            var line = csv.RowLine;
            if (csv.FieldCount != Header.Length)
            {
                throw Problem(EvaluationMessages.Format(EvaluationMessages.FieldCount, line, csv.FieldCount, Header.Length));
            }

            if (ScoreAt >= 0)
            {
                var score = Number(csv, ScoreAt, Header, line);
                if (Binary && score is < 0 or > 1)
                {
                    throw Problem(EvaluationMessages.Format(EvaluationMessages.ScoreOutOfRange, line, ScoreAt + 1, csv.GetString(ScoreAt)));
                }

                batch.scores.Add(score);
                batch.challenger?.Add(Number(csv, ChallengerAt, Header, line));
            }

            batch.labelsOrNull?.Add(Label(csv, LabelAt, line));
            batch.actuals?.Add(Number(csv, LabelAt, Header, line));
            foreach (var (_, at, values) in Numeric)
            {
                values.Add(Number(csv, at, Header, line));
            }

            foreach (var (_, at, values) in Categorical)
            {
                values.Add(Text(csv, at, line));
            }

            foreach (var (_, at, values) in Groups)
            {
                values.Add(Text(csv, at, line));
            }

            batch.Rows++;
        }
    }

    /// <summary>A text field's bytes, refused naming its line, column and place in the file unless they are valid UTF-8.</summary>
    private static ReadOnlySpan<byte> Text(CsvReader csv, int at, int line)
    {
        var raw = csv[at];
        if (Utf8.IsValid(raw))
        {
            return raw;
        }

        Span<char> scratch = stackalloc char[256];
        var read = 0;
        while (Utf8.ToUtf16(raw[read..], scratch, out var taken, out _, replaceInvalidSequences: false) == System.Buffers.OperationStatus.DestinationTooSmall)
        {
            read += taken;
        }

        Utf8.ToUtf16(raw[read..], scratch, out var valid, out _, replaceInvalidSequences: false);
        throw Problem(EvaluationMessages.Format(EvaluationMessages.InvalidUtf8, line, at + 1, csv.OffsetOf(at, read + valid)));
    }

    private static int Label(CsvReader csv, int at, int line)
    {
        var raw = csv[at];
        var text = raw.Length == 1 ? raw : raw.Trim((byte)' ');
        return text.Length == 1 && text[0] is (byte)'0' or (byte)'1'
            ? text[0] - '0'
            : throw Problem(EvaluationMessages.Format(EvaluationMessages.LabelNotBinary, line, at + 1, csv.GetString(at).Trim()));
    }

    private static double Number(CsvReader csv, int at, string[] header, int line) =>
        Utf8Number.TryParse(csv[at], out var value) && double.IsFinite(value)
            ? value
            : throw Problem(EvaluationMessages.Format(EvaluationMessages.NotANumber, line, at + 1, header[at], csv.GetString(at)));

    /// <summary>The message names the line and column; the key says the problem is in the uploaded body.</summary>
    internal static InputRejectedException Problem(string message) => InputRejectedException.For("body", message);

    /// <summary>A body that is not CSV (an unclosed quote, a row over the limit), named by line and column.</summary>
    internal static InputRejectedException Problem(CsvFormatException e) => Problem(e.Problem == CsvProblem.UnclosedQuote
        ? EvaluationMessages.Format(EvaluationMessages.UnclosedQuote, e.Line, e.Column)
        : EvaluationMessages.Format(EvaluationMessages.RowTooLong, e.Line, CsvReader.MaxRowBytes / (1 << 20)));

    /// <summary>A growing column of numbers (doubling, so a million rows take about twenty copies of the tail).</summary>
    internal sealed class Column
    {
        private double[] items = new double[1024];
        private int count;

        public ReadOnlySpan<double> Span => items.AsSpan(0, count);

        public void Add(double value)
        {
            if (count == items.Length)
            {
                Array.Resize(ref items, items.Length * 2);
            }

            items[count++] = value;
        }
    }
}
