using System.Text.Json;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Portfolio;
using ModelOpsPortal.Infrastructure.Web;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>One set of enum names on the wire: the converter reads and writes them, the document lists them.</summary>
public sealed class EnumWireNamesTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new StrictEnumConverter() } };

    [Fact]
    public void A_member_named_by_attribute_is_written_and_read_under_that_name_and_the_others_under_their_own()
    {
        Assert.Equal("\"open-alerts\"", JsonSerializer.Serialize(KpiSet.OpenAlerts, Options));
        Assert.Equal(KpiSet.OpenAlerts, JsonSerializer.Deserialize<KpiSet>("\"Open-Alerts\"", Options));
        Assert.Equal("\"High\"", JsonSerializer.Serialize(RiskTier.High, Options));
        Assert.Equal("open-alerts", KpiSelection.Name(KpiSet.OpenAlerts));
        Assert.Equal(Enum.GetValues<KpiSet>().Length, EnumWireNames.Of(typeof(KpiSet)).Distinct().Count());
    }

    [Fact]
    public void An_undefined_value_already_stored_is_written_as_its_number_as_before_and_never_read()
    {
        Assert.Equal("\"99\"", JsonSerializer.Serialize((RiskTier)99, Options));
        Assert.Equal("99", EnumWireNames.Name((RiskTier)99));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RiskTier>("\"99\"", Options));
    }
}
