using System.Resources;
using System.Runtime.CompilerServices;
using ModelOpsPortal.Infrastructure;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>
/// Validation and error messages of the inventory, in the current UI culture (InventoryMessages.resx, .ko.resx).
/// The API and the forms show the same text. Static properties so that data annotations can name them.
/// </summary>
public static class InventoryMessages
{
    private static readonly ResourceManager Resources = new(typeof(InventoryMessages));

    public static string NameRequired => Get();
    public static string UnknownSet => Get();
    public static string BadQuarter => Get();
    public static string AttributeBlank => Get();
    public static string AttributeTooLong => Get();
    public static string AttributeRepeated => Get();
    public static string TooManyAttributes => Get();
    public static string MetricsEmpty => Get();
    public static string MetricsTooMany => Get();
    public static string MetricNameRequired => Get();
    public static string MetricNameTooLong => Get();
    public static string MetricSplitRequired => Get();
    public static string MetricValueRequired => Get();
    public static string MetricRepeated => Get();
    public static string MetricAlreadyRecorded => Get();
    public static string TooManyTags => Get();
    public static string TagKeyInvalid => Get();
    public static string TagValueTooLong => Get();
    public static string TagRepeated => Get();
    public static string AttributesOwnerOrValidator => Get();
    public static string GovernanceOwnerOrValidator => Get();
    public static string CannotRemoveSelfAsDeveloper => Get();
    public static string NameTooLong => Get();
    public static string PurposeRequired => Get();
    public static string IntendedUseRequired => Get();
    public static string LongTextTooLong => Get();
    public static string BusinessUnitRequired => Get();
    public static string OwnerRequired => Get();
    public static string ShortTextTooLong => Get();
    public static string ModelTypeRequired => Get();
    public static string RiskTierRequired => Get();
    public static string AlgorithmRequired => Get();
    public static string LanguageRequired => Get();
    public static string ArtifactUriRequired => Get();
    public static string UriTooLong => Get();
    public static string ArtifactSha256Required => Get();
    public static string TrainingDatasetRequired => Get();
    public static string DatasetNameRequired => Get();
    public static string RowsNotNegative => Get();
    public static string CodeCommitInvalid => Get();
    public static string ParentVersionInvalid => Get();
    public static string FeatureNameRequired => Get();
    public static string FeatureTypeRequired => Get();
    public static string FeatureListedTwice => Get();
    public static string ParentVersionMissing => Get();
    public static string NoVersionsYet => Get();
    public static string HyperparametersTooLong => Get();
    public static string DuplicateName => Get();
    public static string StaleEdit => Get();
    public static string DeploymentTargetRequired => Get();
    public static string DeploymentEnvironmentRequired => Get();
    public static string DeploymentEndpointRequired => Get();
    public static string DeploymentInFuture => Get();
    public static string DeploymentNeedsProduction => Get();
    public static string DeploymentAlreadyRemoved => Get();
    public static string GovernanceOwnerNotLinked => Get();
    public static string AttributesOwnerNotLinked => Get();

    public static string Format(string text, params object?[] args) => ResourceText.Format(text, args);

    private static string Get([CallerMemberName] string key = "") => ResourceText.Get(Resources, key);
}
