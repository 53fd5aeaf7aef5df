using System.Net.Http.Json;
using System.Text.Json;
using Micro.Rerun.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Micro.Console.Tests;

/// <summary>The console's pages that steer work: the runner mapping, git workflows, and the overview and dead letters around them.</summary>
public sealed class ConsoleWorkTests(ConsoleWorld world) : IClassFixture<ConsoleWorld>
{
    [Fact]
    public async Task A_repository_mapping_is_added_and_edited_from_the_Runners_page()
    {
        var repository = $"acme/mapped-{Guid.NewGuid():N}"[..20];
        var page = await world.SignedIn(ConsoleWorld.AdminToken);
        await page.GotoAsync("/runners");

        await page.GetByLabel("Repository", new() { Exact = true }).Last.FillAsync(repository);
        await page.GetByLabel("User", new() { Exact = true }).FillAsync("ci-runner");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{repository} now runs as ci-runner");
        await page.GetByLabel("Repository", new() { Exact = true }).Last.FillAsync(repository);
        await page.GetByLabel("User", new() { Exact = true }).FillAsync("gpu-runner");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();

        var row = page.Locator("#mapping tr").Filter(new() { HasText = repository });
        await Expect(row).ToContainTextAsync("gpu-runner");
        var mappings = await world.Api.GetFromJsonAsync<JsonElement>("/api/runners/repositories");
        var mapped = mappings.GetProperty("repositories").EnumerateArray().Single(m => m.GetProperty("repository").GetString() == repository);
        Assert.Equal("gpu-runner", mapped.GetProperty("user").GetString());
        await ConsoleWorld.Screenshot(page, "runners");
    }

    [Fact]
    public async Task A_pipeline_token_cannot_change_the_mapping_and_is_told_why()
    {
        var page = await world.SignedIn(ConsoleWorld.PipelineToken);
        await page.GotoAsync("/runners");

        await page.GetByLabel("Repository", new() { Exact = true }).Last.FillAsync("acme/not-mine");
        await page.GetByLabel("User", new() { Exact = true }).FillAsync("ci-runner");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("admin token");
        await Expect(page.Locator("#mapping")).Not.ToContainTextAsync("acme/not-mine");
    }

    [Fact]
    public async Task Hello_world_is_started_from_the_form_and_its_steps_complete_on_the_page()
    {
        var page = await world.SignedIn(ConsoleWorld.PipelineToken);
        await page.GotoAsync("/workflows");

        await page.Locator("select[name='Run.Workflow']").SelectOptionAsync("hello_world");
        await page.GetByLabel("Parameters (a JSON object)").FillAsync(
            JsonSerializer.Serialize(new { git_url = world.Repositories.FileUrl(ConsoleWorld.GitRepository), git_user = "Ada", git_email = "ada@example.test" }));
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/workflows/[0-9a-f-]{36}$"));
        // The page follows the run by itself: no reload between the start and the last step.
        await Expect(page.Locator("#run-state")).ToHaveTextAsync("succeeded", new() { Timeout = 90_000 });
        foreach (var step in new[] { "clone", "create_branch", "write_file", "commit", "push", "cleanup" })
            await Expect(page.Locator($"li[data-step='{step}']")).ToContainTextAsync("succeeded");
        Assert.Contains(await world.Repositories.Branches(ConsoleWorld.GitRepository), branch => branch != "main");
        await ConsoleWorld.Screenshot(page, "workflow");

        await page.GotoAsync("/workflows");
        await Expect(page.Locator("#runs")).ToContainTextAsync("hello_world");
        await ConsoleWorld.Screenshot(page, "workflows");
    }

    [Fact]
    public async Task A_bad_parameters_document_is_refused_naming_the_field()
    {
        var page = await world.SignedIn(ConsoleWorld.PipelineToken);
        await page.GotoAsync("/workflows");

        await page.GetByLabel("Parameters (a JSON object)").FillAsync("{ not json");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("parameters");
    }

    [Fact]
    public async Task The_overview_shows_health_deliveries_per_minute_and_the_dead_letters_page_each_service()
    {
        var run = new RunWebhooks(RerunApiCalls.NewRepository("overview"), 9101);
        await world.Api.DeliverAll(run.Jobs((1, "success"), (2, "success")));
        var page = await world.SignedIn(ConsoleWorld.PipelineToken);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Health" })).ToContainTextAsync("Healthy");
        await Expect(page.Locator("#overview table").First).ToContainTextAsync("Healthy");
        await Expect(page.Locator("#dead-letter-count")).ToHaveTextAsync("0");
        await Expect(page.Locator("#overview figcaption")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[1-9]\d* deliveries in the last hour"));
        await ConsoleWorld.Screenshot(page, "overview");

        await page.GotoAsync("/dead-letters");
        foreach (var service in new[] { "rerun", "prlock", "runners", "workflows" })
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = service, Exact = true })).ToContainTextAsync("None.");
        await ConsoleWorld.Screenshot(page, "dead-letters");
    }

    [Fact]
    public async Task The_token_is_kept_encrypted_in_an_HTTP_only_strict_cookie_and_signing_out_forgets_it()
    {
        var page = await world.SignedIn(ConsoleWorld.PipelineToken);
        var cookie = Assert.Single(await page.Context.CookiesAsync(), cookie => cookie.Name == "micro-console");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(ConsoleWorld.PipelineToken, cookie.Value);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in$"));
        await page.GotoAsync("/locks");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), cookie => cookie.Name == "micro-console");
    }

    [Fact]
    public async Task The_console_reads_in_dark_mode_and_on_a_narrow_screen()
    {
        var page = await world.SignedIn(ConsoleWorld.PipelineToken);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/locks");

        var background = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        await page.Keyboard.PressAsync("Tab");
        var focused = await page.EvaluateAsync<string>("document.activeElement.textContent");

        Assert.Equal("rgb(21, 23, 27)", background);
        Assert.False(overflow, "the page scrolls sideways on a phone-sized screen");
        Assert.Equal("Skip to content", focused);
        await ConsoleWorld.Screenshot(page, "locks-dark-narrow");
    }
}
