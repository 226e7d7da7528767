using System.Globalization;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations.Engine;
using Parquet;
using Parquet.Schema;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>
/// The Parquet form of an upload: the same columns and checks as the CSV form, errors naming the row and column.
/// Parquet keeps its index at the end of the file, so the body is copied to a temporary file (deleted on close) and
/// read one row group at a time; it is never held whole in memory.
/// </summary>
internal static class ParquetBatch
{
    public static async Task<EvaluationBatch> ReadAsync(byte[] head, Stream body, IReadOnlyList<VersionFeature> features, IReadOnlyList<string> sensitive,
        bool requireScore, bool binary, CancellationToken ct)
    {
        await using var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await spool.WriteAsync(head, ct);
        await body.CopyToAsync(spool, ct);
        spool.Position = 0;
        try
        {
            await using var reader = await ParquetReader.CreateAsync(spool, cancellationToken: ct);
            return await ReadAsync(reader, features, sensitive, requireScore, binary, ct);
        }
        catch (Exception e) when (e is ParquetException or Parquet.Meta.Proto.ThriftProtocolException or IOException or InvalidDataException
                                      or NotSupportedException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw EvaluationBatch.Problem(EvaluationMessages.Format(EvaluationMessages.ParquetUnreadable, e.Message));
        }
    }

    private static async Task<EvaluationBatch> ReadAsync(ParquetReader reader, IReadOnlyList<VersionFeature> features, IReadOnlyList<string> sensitive,
        bool requireScore, bool binary, CancellationToken ct)
    {
        var fields = reader.Schema.GetDataFields().GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var score = requireScore ? fields.GetValueOrDefault("score") ?? throw EvaluationBatch.Problem(EvaluationMessages.NoScoreColumn) : null;
        var challenger = requireScore ? fields.GetValueOrDefault("challenger_score") : null;
        var label = requireScore ? fields.GetValueOrDefault("label") : null;
        var batch = new EvaluationBatch(challenger is not null, label is not null && binary, label is not null && !binary);
        var numeric = features.Where(f => f.Type == FeatureType.Numeric && fields.ContainsKey(f.Name))
            .Select(f => (Field: fields[f.Name], Values: new EvaluationBatch.Column())).ToList();
        var categorical = features.Where(f => f.Type == FeatureType.Categorical && fields.ContainsKey(f.Name))
            .Select(f => (Field: fields[f.Name], Values: new CategoricalValues.Builder())).ToList();
        var groups = sensitive.Where(fields.ContainsKey).Select(a => (Field: fields[a], Values: new CategoricalValues.Builder())).ToList();

        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var first = batch.Rows + 1; // 1-based number of the group's first row
            if (score is not null)
            {
                var values = await NumbersAsync(group, score, first, ct);
                for (var i = 0; i < values.Length; i++)
                {
                    if (binary && values[i] is < 0 or > 1)
                    {
                        throw EvaluationBatch.Problem(EvaluationMessages.Format(EvaluationMessages.ParquetScoreOutOfRange, first + i, Text(values[i])));
                    }

                    batch.scores.Add(values[i]);
                }
            }

            if (challenger is not null)
            {
                Append(batch.challenger!, await NumbersAsync(group, challenger, first, ct));
            }

            if (label is not null)
            {
                var values = await NumbersAsync(group, label, first, ct);
                if (binary)
                {
                    for (var i = 0; i < values.Length; i++)
                    {
                        batch.labelsOrNull!.Add(values[i] switch
                        {
                            0 => 0,
                            1 => 1,
                            var other => throw EvaluationBatch.Problem(EvaluationMessages.Format(EvaluationMessages.ParquetLabelNotBinary, first + i, Text(other))),
                        });
                    }
                }
                else
                {
                    Append(batch.actuals!, values);
                }
            }

            foreach (var (field, values) in numeric)
            {
                Append(values, await NumbersAsync(group, field, first, ct));
            }

            foreach (var (field, values) in categorical.Concat(groups))
            {
                foreach (var text in await TextsAsync(group, field, first, ct))
                {
                    values.Add(text);
                }
            }

            batch.Rows += (int)group.RowCount;
        }

        if (batch.Rows == 0)
        {
            throw EvaluationBatch.Problem(EvaluationMessages.NoRows);
        }

        batch.labels = batch.labelsOrNull is null ? [] : [.. batch.labelsOrNull];
        foreach (var feature in numeric)
        {
            batch.Numeric[feature.Field.Name] = feature.Values.Span.ToArray();
        }

        foreach (var feature in categorical)
        {
            batch.Categorical[feature.Field.Name] = feature.Values.Build();
        }

        foreach (var attribute in groups)
        {
            batch.Sensitive[attribute.Field.Name] = attribute.Values.Build();
        }

        return batch;
    }

    private static void Append(EvaluationBatch.Column column, double[] values)
    {
        foreach (var value in values)
        {
            column.Add(value);
        }
    }

    /// <summary>A numeric column of one row group as doubles; a missing or non-finite value names its row.</summary>
    private static async Task<double[]> NumbersAsync(ParquetRowGroupReader group, DataField field, int firstRow, CancellationToken ct)
    {
        var count = checked((int)group.RowCount);
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        double[] values = type switch
        {
            _ when type == typeof(double) => await ReadAsync<double>(group, field, count, v => v, firstRow, ct),
            _ when type == typeof(float) => await ReadAsync<float>(group, field, count, v => v, firstRow, ct),
            _ when type == typeof(int) => await ReadAsync<int>(group, field, count, v => v, firstRow, ct),
            _ when type == typeof(long) => await ReadAsync<long>(group, field, count, v => v, firstRow, ct),
            _ when type == typeof(short) => await ReadAsync<short>(group, field, count, v => v, firstRow, ct),
            _ when type == typeof(byte) => await ReadAsync<byte>(group, field, count, v => v, firstRow, ct),
            _ when type == typeof(sbyte) => await ReadAsync<sbyte>(group, field, count, v => v, firstRow, ct),
            _ when type == typeof(decimal) => await ReadAsync<decimal>(group, field, count, v => (double)v, firstRow, ct),
            _ when type == typeof(bool) => await ReadAsync<bool>(group, field, count, v => v ? 1 : 0, firstRow, ct),
            _ => throw EvaluationBatch.Problem(EvaluationMessages.Format(EvaluationMessages.ParquetColumnType, field.Name, type.Name)),
        };
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw EvaluationBatch.Problem(EvaluationMessages.Format(EvaluationMessages.ParquetNotANumber, firstRow + i, field.Name, Text(values[i])));
            }
        }

        return values;
    }

    private static async Task<double[]> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int count, Func<T, double> convert, int firstRow, CancellationToken ct)
        where T : struct
    {
        var result = new double[count];
        if (field.IsNullable)
        {
            var buffer = new T?[count];
            await group.ReadAsync(field, buffer.AsMemory(), null, ct);
            for (var i = 0; i < count; i++)
            {
                result[i] = buffer[i] is T value
                    ? convert(value)
                    : throw EvaluationBatch.Problem(EvaluationMessages.Format(EvaluationMessages.ParquetMissing, firstRow + i, field.Name));
            }
        }
        else
        {
            var buffer = new T[count];
            await group.ReadAsync(field, buffer.AsMemory(), null, ct);
            for (var i = 0; i < count; i++)
            {
                result[i] = convert(buffer[i]);
            }
        }

        return result;
    }

    /// <summary>A categorical column as text: strings as they are, numbers and flags in invariant form.</summary>
    private static async Task<string[]> TextsAsync(ParquetRowGroupReader group, DataField field, int firstRow, CancellationToken ct)
    {
        var count = checked((int)group.RowCount);
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var buffer = new string?[count];
            await group.ReadAsync(field, buffer.AsMemory(), null, ct);
            var texts = new string[count];
            for (var i = 0; i < count; i++)
            {
                texts[i] = buffer[i] ?? throw EvaluationBatch.Problem(EvaluationMessages.Format(EvaluationMessages.ParquetMissing, firstRow + i, field.Name));
            }

            return texts;
        }

        return [.. (await NumbersAsync(group, field, firstRow, ct)).Select(Text)];
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
