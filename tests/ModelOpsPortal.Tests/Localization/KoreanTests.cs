using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Features.Inventory.Components;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Localization;

/// <summary>A Korean reader gets Korean pages, messages and formats; exports stay invariant.</summary>
public sealed class KoreanTests : IDisposable
{
    // Development: pages are read by a demo user signed in through the development sign-in.
    private readonly PortalFactory portal = new(environment: "Development");

    public void Dispose() => portal.Dispose();

    private async Task<HttpClient> ReaderAsync(string? language)
    {
        var client = await portal.SignedInClientAsync("min-jun.lee");
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        }

        return client;
    }

    private HttpClient Pipeline(string? language)
    {
        var client = portal.CreateClient(PortalRoles.DataScientist);
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        }

        return client;
    }

    [Theory]
    [InlineData("ko-KR", "모델 인벤토리", "lang=\"ko\"")]
    [InlineData("ko", "모델 인벤토리", "lang=\"ko\"")]
    [InlineData("en-US", "Model inventory", "lang=\"en\"")]
    [InlineData("fr-FR", "Model inventory", "lang=\"en\"")]
    public async Task The_page_follows_the_browser_language(string language, string heading, string lang)
    {
        // As sent: Korean is UTF-8 text, not numeric character references (issue #23).
        var html = await (await ReaderAsync(language)).GetStringAsync("/models", TestContext.Current.CancellationToken);

        Assert.Contains(heading, html, StringComparison.Ordinal);
        Assert.Contains(lang, html, StringComparison.Ordinal);
        Assert.DoesNotMatch("&#x[A-F0-9]{4};", html);
    }

    [Fact]
    public async Task The_language_switch_remembers_the_choice_in_a_cookie_over_the_browser_language()
    {
        var client = await ReaderAsync("en-US");

        var response = await client.GetAsync("/culture?name=ko-KR&redirectUri=%2Fmodels%2F16", TestContext.Current.CancellationToken);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/models/16", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/models/16", response.Headers.Location?.OriginalString);
        Assert.StartsWith(".AspNetCore.Culture=c%3Dko-KR%7Cuic%3Dko-KR", cookie, StringComparison.Ordinal);
        Assert.Contains("ID가 16인 모델이 없습니다.", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\\\evil.example/")]
    public async Task The_language_switch_never_redirects_off_the_portal(string target)
    {
        var response = await (await ReaderAsync(null)).GetAsync("/culture?name=en&redirectUri=" + Uri.EscapeDataString(target), TestContext.Current.CancellationToken);

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_unknown_language_is_a_400_that_lists_the_offered_ones()
    {
        var response = await (await ReaderAsync(null)).GetAsync("/culture?name=xx-XX", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("en, ko-KR", (await response.Content.ReadFromJsonAsync<ProblemDetails>(TestContext.Current.CancellationToken))!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_korean_pipeline_gets_korean_field_messages_under_english_problem_titles()
    {
        var response = await Pipeline("ko-KR").PostAsJsonAsync("/api/models", new ModelInput(), TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(TestContext.Current.CancellationToken);

        Assert.Equal("The request has invalid fields", problem!.Title);
        Assert.StartsWith("모델 이름을 입력해 주세요.", problem.Errors["name"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csv_export_stays_invariant_in_korean()
    {
        await new TestInventory(portal.Services).RegisterModelAsync(Inputs.Model(), "hana", TestContext.Current.CancellationToken);

        var csv = await Pipeline("ko-KR").GetStringAsync("/api/models/export.csv", TestContext.Current.CancellationToken);

        Assert.Contains(",BinaryClassification,High,", csv, StringComparison.Ordinal);
        Assert.Contains("2026-11-28T09:00:00Z", csv, StringComparison.Ordinal);
    }
}

public sealed class KoreanFormTests : PortalComponentTest
{
    [Fact]
    public void The_form_explains_missing_fields_in_korean()
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ko-KR");
        try
        {
            var form = RenderWithProviders<ModelForm>(p => p
                .Add(f => f.Input, new ModelInput())
                .Add(f => f.SubmitText, "등록")
                .Add(f => f.OnSave, _ => Task.FromResult<IReadOnlyDictionary<string, string[]>?>(null)));

            form.Find("form").Submit();

            Assert.Contains("모델 이름을 입력해 주세요.", form.Markup, StringComparison.Ordinal);
            Assert.Contains("위험 등급", form.Markup, StringComparison.Ordinal);
            Assert.DoesNotContain("is required", form.Markup, StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }
}
