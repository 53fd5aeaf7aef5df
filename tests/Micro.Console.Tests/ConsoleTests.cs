using System.Net.Http.Json;
using System.Text.Json;
using Micro.Rerun.Tests;
using Micro.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Micro.Console.Tests;

/// <summary>The console in a real browser, over the API of a whole Micro: what an engineer on call sees and does.</summary>
public sealed class ConsoleTests(ConsoleWorld world) : IClassFixture<ConsoleWorld>
{
    [Fact]
    public async Task A_wrong_token_is_refused_with_a_clear_message_and_pages_send_the_user_to_sign_in()
    {
        var page = await world.NewPage();

        await page.GotoAsync("/locks");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
        await ConsoleWorld.SignIn(page, "not-a-token");

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Token refused");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("does not know this token");
        await ConsoleWorld.Screenshot(page, "sign-in");
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
    }

    [Fact]
    public async Task A_signed_webhook_appears_in_Deliveries_within_seconds_and_its_replay_publishes_it_again()
    {
        var page = await world.SignedIn(ConsoleWorld.AdminToken);
        await page.GotoAsync("/deliveries");
        var run = new RunWebhooks(RerunApiCalls.NewRepository("deliveries"), 7001);
        var deliveryId = Guid.NewGuid().ToString();

        await world.Api.Deliver(run.Queued(1, "build"), deliveryId);

        // No reload: the list refreshes itself.
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = deliveryId });
        await Expect(row).ToContainTextAsync("workflow_job · queued");
        await Expect(row).ToContainTextAsync(run.Repository);
        await Expect(row).ToContainTextAsync("published");
        await ConsoleWorld.Screenshot(page, "deliveries");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(deliveryId);
        await Expect(page.Locator("#publish-count")).ToHaveTextAsync("1");
        await Expect(page.Locator("details.json").First).ToContainTextAsync("workflow_job");
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Replay accepted");
        await Expect(page.Locator("#publish-count")).ToHaveTextAsync("2");
        await ConsoleWorld.Screenshot(page, "delivery");
    }

    [Fact]
    public async Task A_failed_run_shows_its_decision_and_reason_with_a_link_to_GitHub()
    {
        var run = new RunWebhooks(RerunApiCalls.NewRepository("reruns"), 8001);
        world.GitHub.SetWorkflowRun(run.Repository, run.RunId, "completed", "failure", run.RunAttempt, run.Branch);
        await world.Api.DeliverAll(run.Jobs((1, "failure"), (2, "success")));
        var decided = await world.Api.Decided(run.Repository, run.RunId);
        var page = await world.SignedIn(ConsoleWorld.PipelineToken);

        await page.GotoAsync($"/reruns?repository={run.Repository}");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = $"#{run.RunId}" });
        await Expect(row).ToContainTextAsync(decided.Decision());
        await Expect(row).ToContainTextAsync(decided.Reason());
        await ConsoleWorld.Screenshot(page, "reruns");
        await row.GetByRole(AriaRole.Link, new() { Name = $"{run.Repository} #{run.RunId}" }).ClickAsync();

        await Expect(page.Locator("dd.decision")).ToHaveTextAsync(decided.Decision());
        await Expect(page.Locator("dd.reason")).ToHaveTextAsync(decided.Reason());
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Open the run on GitHub" }))
            .ToHaveAttributeAsync("href", $"https://github.com/{run.Repository}/actions/runs/{run.RunId}");
        await ConsoleWorld.Screenshot(page, "rerun");
    }

    [Fact]
    public async Task A_lock_is_acquired_and_reset_from_the_page_and_a_pipeline_token_is_told_reset_needs_an_admin()
    {
        var environment = $"pr-{Guid.NewGuid():N}"[..12];
        var pipeline = await world.SignedIn(ConsoleWorld.PipelineToken);
        await pipeline.GotoAsync("/locks");

        await pipeline.GetByLabel("Environment", new() { Exact = true }).Last.FillAsync(environment);
        await pipeline.GetByLabel("Pull request").FillAsync("17");
        await pipeline.GetByRole(AriaRole.Button, new() { Name = "Acquire", Exact = true }).ClickAsync();

        await Expect(pipeline.GetByRole(AriaRole.Status)).ToContainTextAsync("Done (acquired)");
        var row = pipeline.GetByRole(AriaRole.Row).Filter(new() { HasText = environment });
        await Expect(row).ToContainTextAsync("#17");
        await Expect(row).ToContainTextAsync("expires in");
        await ConsoleWorld.Screenshot(pipeline, "locks");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(pipeline.Locator("#holder")).ToHaveTextAsync("#17");
        await pipeline.GetByRole(AriaRole.Button, new() { Name = "Reset" }).ClickAsync();
        await Expect(pipeline.GetByRole(AriaRole.Alert)).ToContainTextAsync("admin action");
        await Expect(pipeline.Locator("#holder")).ToHaveTextAsync("#17");

        var admin = await world.SignedIn(ConsoleWorld.AdminToken);
        await admin.GotoAsync($"/locks/{environment}");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Reset" }).ClickAsync();

        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Done");
        await Expect(admin.Locator("#holder")).ToHaveTextAsync("nobody");
        var state = await world.Api.GetFromJsonAsync<JsonElement>($"/api/locks/{environment}");
        Assert.False(state.GetProperty("locked").GetBoolean(), state.ToString());
        await Expect(admin.Locator("#history")).ToContainTextAsync("#17");
        await ConsoleWorld.Screenshot(admin, "lock");
    }
}
