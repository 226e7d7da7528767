using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Lifecycle;
using ModelOpsPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>The main journeys work with the keyboard alone (no mouse click anywhere in these tests).</summary>
public sealed class KeyboardJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_keyboard_user_registers_a_model_in_korean()
    {
        var page = await browser.SignedInPageAsync("Hana Kim", "ko-KR");
        await page.GotoAsync("/models");
        await Interactivity.WaitAsync(page);

        await Keyboard.TabToAsync(page, "모델 등록");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "모델 등록", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "모델 등록" })).ToBeEnabledAsync();

        await Keyboard.TypeIntoAsync(page, "모델 이름", "행동 점수 모형");
        await Keyboard.TypeIntoAsync(page, "사업 부문", "리테일 여신");
        await Keyboard.TypeIntoAsync(page, "목적", "카드 고객의 연체 가능성을 순위화합니다.");
        await Keyboard.TypeIntoAsync(page, "사용 범위", "카드 한도 관리 전략에 사용합니다.");
        await Keyboard.ChooseAsync(page, "모델 유형", "이진 분류");
        await Keyboard.ChooseAsync(page, "위험 등급", "중간");
        await Keyboard.TypeIntoAsync(page, "책임자", "김하나");
        await Keyboard.TabToAsync(page, "모델 등록");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "행동 점수 모형" })).ToBeVisibleAsync();
        await Expect(page.GetByText("리테일 여신")).ToBeVisibleAsync();
        await Expect(page.GetByText("중위험")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_keyboard_user_approves_a_request_from_the_inbox()
    {
        var ct = TestContext.Current.CancellationToken;
        var modelId = await TestModels.RegisterAsync(browser.Portal.Services, "Keyboard approved scorecard", ["gender"], tier: RiskTier.Low);
        await browser.Portal.Services.GetRequiredService<CreateRequest>()
            .CreateAsync(modelId, 1, new RequestInput("validation", "Development complete."), "Hana Kim", ct);
        var page = await browser.SignedInPageAsync("Priya Raman");
        await page.GotoAsync("/requests");
        await Interactivity.WaitAsync(page);
        await Expect(page.GetByTestId("request-link")).ToHaveCountAsync(1);

        await Keyboard.TabToAsync(page, "Validation");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Validation of v1", Level = 1 })).ToBeVisibleAsync();
        await Interactivity.WaitAsync(page);
        await Keyboard.TabToAsync(page, "Approve");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        // The dialog puts the caret in the comment as it opens, and leaves it there while the validator types.
        await page.WaitForFunctionAsync("() => document.activeElement?.tagName === 'TEXTAREA'");
        Assert.Equal("Comment", await Keyboard.FocusedAsync(page));
        await page.Keyboard.TypeAsync("Validation pack reviewed; approved.", new() { Delay = 20 });
        await Expect(page.GetByTestId("decision-comment")).ToHaveValueAsync("Validation pack reviewed; approved.");
        Assert.Equal("Comment", await Keyboard.FocusedAsync(page));
        await Keyboard.TabToAsync(page, "Approve");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByTestId("request-decisions")).ToContainTextAsync("Approved by Priya Raman");
        await Expect(page.GetByTestId("request-decisions")).ToContainTextAsync("Validation pack reviewed; approved.");
    }
}
