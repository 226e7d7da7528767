using Bunit;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Features.Inventory.Components;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Inventory;

public sealed class ModelFormTests : PortalComponentTest
{
    private IRenderedComponent<ModelForm> RenderForm(ModelInput input, Func<ModelInput, Task<IReadOnlyDictionary<string, string[]>?>> save) =>
        RenderWithProviders<ModelForm>(p => p.Add(f => f.Input, input).Add(f => f.OnSave, save));

    [Fact]
    public void Submitting_an_empty_form_shows_how_to_fix_each_required_field_and_saves_nothing()
    {
        var saved = false;
        var form = RenderForm(new ModelInput(), _ => { saved = true; return Task.FromResult<IReadOnlyDictionary<string, string[]>?>(null); });

        form.Find("form").Submit();

        Assert.False(saved);
        var messages = form.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent).ToList();
        Assert.Contains(messages, m => m.Contains("Name is required: give the model a unique", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Owner is required", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Risk tier is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_duplicate_name_from_the_server_is_shown_next_to_the_name()
    {
        await Inventory.RegisterModelAsync(Inputs.Model("Retail PD scorecard"), "hana", TestContext.Current.CancellationToken);
        var form = RenderForm(Inputs.Model("Retail PD scorecard"), async input =>
        {
            try
            {
                await Inventory.RegisterModelAsync(input, "daniel");
                return null;
            }
            catch (ModelOpsPortal.Infrastructure.ConflictException e)
            {
                return new Dictionary<string, string[]> { ["name"] = [e.Message] };
            }
        });

        form.Find("form").Submit();

        form.WaitForAssertion(() => Assert.Contains("A model named 'Retail PD scorecard' already exists", form.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void A_complete_form_is_saved_with_its_comma_separated_lists()
    {
        ModelInput? saved = null;
        var input = Inputs.Model();
        var form = RenderForm(input, i => { saved = i; return Task.FromResult<IReadOnlyDictionary<string, string[]>?>(null); });

        form.FindAll("input").Single(i => i.GetAttribute("value") == "gender, age_band").Change("gender, age_band, race");
        form.Find("form").Submit();

        Assert.NotNull(saved);
        Assert.Equal(["gender", "age_band", "race"], saved.SensitiveAttributes);
    }
}
