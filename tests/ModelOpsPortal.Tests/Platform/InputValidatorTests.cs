using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Infrastructure.Validation;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

public sealed class InputValidatorTests
{
    [Fact]
    public void A_complete_model_has_no_errors() => Assert.Empty(InputValidator.Validate(Inputs.Model()));

    [Fact]
    public void Missing_required_fields_are_named_in_camel_case_with_a_hint_how_to_fix_them()
    {
        var errors = InputValidator.Validate(new ModelInput());

        Assert.Equal(["businessUnit", "intendedUse", "modelType", "name", "owner", "purpose", "riskTier"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("unique, descriptive name", errors["name"][0], StringComparison.Ordinal);
        Assert.Contains("BinaryClassification or Regression", errors["modelType"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_dataset_and_feature_errors_carry_their_json_path()
    {
        var input = Inputs.Version();
        input.TrainingDataset!.Sha256 = "not-a-hash";
        input.Features.Add(new FeatureInput { Name = null, Type = FeatureType.Numeric });

        var errors = InputValidator.Validate(input);

        Assert.Equal(["features[2].name", "trainingDataset.sha256"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("64 hexadecimal characters", errors["trainingDataset.sha256"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_feature_listed_twice_is_refused()
    {
        var input = Inputs.Version();
        input.Features.Add(new FeatureInput { Name = "Income", Type = FeatureType.Numeric });

        var errors = InputValidator.Validate(input);

        Assert.Contains("'income' is listed 2 times", Assert.Single(errors["features"]), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("models/pd.pkl", "artifactUri")]
    [InlineData("s3://models/pd.pkl", null)]
    public void The_artifact_uri_must_be_absolute(string uri, string? expectedError)
    {
        var input = Inputs.Version();
        input.ArtifactUri = uri;

        var errors = InputValidator.Validate(input);

        if (expectedError is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains("include the scheme", Assert.Single(errors[expectedError]), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void List_entries_must_be_unique_and_not_blank()
    {
        var input = Inputs.Model();
        input.SensitiveAttributes = ["gender", "Gender"];
        input.Tags = ["ok", " "];

        var errors = InputValidator.Validate(input);

        Assert.Contains("listed twice", Assert.Single(errors["sensitiveAttributes"]), StringComparison.Ordinal);
        Assert.Contains("Entry 2 is empty", Assert.Single(errors["tags"]), StringComparison.Ordinal);
    }
}
