using System.Resources;
using System.Runtime.CompilerServices;
using ModelOpsPortal.Infrastructure;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>Messages about uploaded batches and their results (EvaluationMessages.resx, .ko.resx).</summary>
public static class EvaluationMessages
{
    private static readonly ResourceManager Resources = new(typeof(EvaluationMessages));

    public static string UnknownVersion => Get();
    public static string ChallengerNotNamed => Get();
    public static string NoBaseline => Get();
    public static string NoLabels => Get();
    public static string OneClass => Get();
    public static string EmptyBody => Get();
    public static string NoRows => Get();
    public static string NoScoreColumn => Get();
    public static string DuplicateColumn => Get();
    public static string InvalidUtf8 => Get();
    public static string PeriodOrder => Get();
    public static string NameTooLong => Get();
    public static string BaselineMissesFeatures => Get();
    public static string FieldCount => Get();
    public static string ScoreOutOfRange => Get();
    public static string LabelNotBinary => Get();
    public static string NotANumber => Get();
    public static string UnclosedQuote => Get();
    public static string RowTooLong => Get();
    public static string ChallengerRequired => Get();
    public static string AlphaRange => Get();
    public static string SameVersion => Get();
    public static string NoChampion => Get();
    public static string ParquetNotANumber => Get();
    public static string ParquetScoreOutOfRange => Get();
    public static string ParquetLabelNotBinary => Get();
    public static string ParquetMissing => Get();
    public static string ParquetUnreadable => Get();
    public static string ParquetColumnType => Get();
    public static string SummaryMissingColumn => Get();
    public static string SummaryUnknownSection => Get();
    public static string SummaryPrecision => Get();
    public static string SummaryOtherModel => Get();
    public static string SummaryRepeated => Get();
    public static string SummaryGroupCounts => Get();
    public static string SummaryTooManyRows => Get();
    public static string SummaryNoMeta => Get();
    public static string SummaryBadLabels => Get();
    public static string SummaryBadScores => Get();
    public static string SummaryEmptyValues => Get();
    public static string SummaryUnexpected => Get();
    public static string SummaryMissing => Get();
    public static string SummaryRowsDisagree => Get();
    public static string SummaryBucketRange => Get();
    public static string SummaryNotACount => Get();
    public static string SummaryEmptySource => Get();
    public static string SummaryPrecisionRange => Get();
    public static string SummaryDialect => Get();
    public static string SummarySource => Get();
    public static string SummaryColumnName => Get();

    public static string Format(string text, params object?[] args) => ResourceText.Format(text, args);

    private static string Get([CallerMemberName] string key = "") => ResourceText.Get(Resources, key);
}
