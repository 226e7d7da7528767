using ModelOpsPortal.Domain;

namespace ModelOpsPortal.Tests.Inventory;

public sealed class ModelRulesTests
{
    private static Model NewModel() => new() { Name = "Retail PD scorecard" };

    [Fact]
    public void Versions_are_numbered_one_two_three_in_order_of_registration()
    {
        var model = NewModel();

        var numbers = Enumerable.Range(0, 3).Select(_ => model.AddVersion(new ModelVersion()).Number).ToList();

        Assert.Equal([1, 2, 3], numbers);
    }

    [Fact]
    public void The_next_number_follows_the_highest_even_when_versions_were_loaded_out_of_order()
    {
        var model = NewModel();
        model.Versions.Add(new ModelVersion { Number = 4 });
        model.Versions.Add(new ModelVersion { Number = 2 });

        Assert.Equal(5, model.AddVersion(new ModelVersion()).Number);
    }

    [Fact]
    public void A_parent_version_that_does_not_exist_is_refused_and_names_the_existing_ones()
    {
        var model = NewModel();
        model.AddVersion(new ModelVersion());

        var error = Assert.Throws<ParentVersionMissingException>(() => model.AddVersion(new ModelVersion { ParentVersion = 7 }));

        Assert.Equal("parentVersion", error.Field);
        Assert.Equal(7, error.Parent);
        Assert.Equal([1], error.Existing);
        Assert.Single(model.Versions);
    }

    [Fact]
    public void Making_a_new_champion_demotes_the_old_one_to_challenger()
    {
        var model = NewModel();
        model.AddVersion(new ModelVersion());
        model.AddVersion(new ModelVersion());
        model.MakeChampion(1);

        model.MakeChampion(2);

        Assert.Equal(2, model.Champion?.Number);
        Assert.Single(model.Versions, v => v.ProductionRole == ProductionRole.Champion);
        Assert.Equal(ProductionRole.Challenger, model.Versions.Single(v => v.Number == 1).ProductionRole);
        Assert.All(model.Versions, v => Assert.Equal(VersionStage.Production, v.Stage));
    }

    [Fact]
    public void Only_an_existing_version_can_become_champion()
    {
        var model = NewModel();

        var error = Assert.Throws<DomainException>(() => model.MakeChampion(1));

        Assert.Equal("version", error.Field);
        Assert.Null(model.Champion);
    }
}
