namespace Micro.Rerun.Cli;

static class Usage
{
    public static int Print(TextWriter writer, int exitCode)
    {
        writer.WriteLine("""
            usage: micro-rerun rerun-branch

            Reruns the CircleCI workflow CIRCLE_CI_WORKFLOW_NAME of the newest pipeline on the one branch of
            GITHUB_ORG_SLUG/GITHUB_PROJECT_SLUG whose name starts with BRANCH_PREFIX, unless it is still running.

            environment:
              BRANCH_PREFIX            the prefix of the branch, e.g. release/
              DRY_RUN                  true: go through every step but the rerun (default false)
              CIRCLE_CI_PROJECT_SLUG   e.g. gh/acme/core-api
              CIRCLE_CI_WORKFLOW_NAME  e.g. deploy_staging
              GITHUB_ORG_SLUG          e.g. acme
              GITHUB_PROJECT_SLUG      e.g. core-api
              CIRCLE_CI_TOKEN          CircleCI API token (or CircleCi__Token)
              GITHUB_TOKEN             GitHub token (or GitHub__Token, or a GitHub App: GitHub__AppId, GitHub__AppPrivateKey)
              CircleCi__ApiUrl, GitHub__ApiUrl   other API base URLs (GitHub Enterprise)

            exit status: 0 done or nothing to do, 1 error, 2 usage or configuration error
            """);
        return exitCode;
    }
}
