using Micro.Rerun.Cli;

return args switch
{
    ["rerun-branch"] => await RerunBranchCommand.Run(Console.Out, Console.Error),
    ["help" or "--help" or "-h"] => Usage.Print(Console.Out, ExitCodes.Success),
    _ => Usage.Print(Console.Error, ExitCodes.Usage),
};
