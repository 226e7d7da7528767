using ModelOpsPortal.Infrastructure;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>What a page reads from a refusal: the fields to mark, the whole-form message and one line for a snackbar.</summary>
public sealed class ServiceRefusalTests
{
    [Fact]
    public void Rejected_input_keeps_its_fields_and_joins_them_for_one_line()
    {
        ServiceRefusedException refused = new InputRejectedException(new Dictionary<string, string[]>
        {
            ["comment"] = ["A comment is required.", "Keep it under 4000 characters."],
            ["fairnessOverride"] = ["Say why the fairness fail is acceptable."],
        });

        Assert.Equal("A comment is required. Keep it under 4000 characters.", refused.For("comment"));
        Assert.Null(refused.For(ServiceRefusedException.WholeForm));
        Assert.Equal("A comment is required. Keep it under 4000 characters. Say why the fairness fail is acceptable.", refused.Summary);
    }

    [Fact]
    public void A_duplicate_name_belongs_to_the_name_field()
    {
        ServiceRefusedException refused = new ConflictException(ConflictKind.DuplicateName, "A model named Churn already exists.");

        Assert.Equal(["name"], refused.Errors.Keys);
        Assert.Equal("A model named Churn already exists.", refused.For("name"));
        Assert.Equal("A model named Churn already exists.", refused.Summary);
    }

    [Theory]
    [InlineData(ConflictKind.StaleEdit)]
    [InlineData(ConflictKind.AlreadyDone)]
    [InlineData(ConflictKind.IllegalTransition)]
    [InlineData(ConflictKind.AlreadyDecided)]
    public void Other_clashes_are_the_whole_forms(ConflictKind kind)
    {
        ServiceRefusedException refused = new ConflictException(kind, "Priya Raman approved it a moment ago.");

        Assert.Equal([ServiceRefusedException.WholeForm], refused.Errors.Keys);
        Assert.Equal("Priya Raman approved it a moment ago.", refused.For(ServiceRefusedException.WholeForm));
    }

    [Fact]
    public void A_person_the_rules_refuse_is_the_whole_forms_with_an_english_title_for_the_api()
    {
        var forbidden = new ForbiddenException("Separation of duties", "You filed this request; another validator must decide it.");

        Assert.Equal("You filed this request; another validator must decide it.", forbidden.For(ServiceRefusedException.WholeForm));
        Assert.Equal("Separation of duties", forbidden.Title);
        Assert.Equal(forbidden.Message, forbidden.Summary);
    }
}
