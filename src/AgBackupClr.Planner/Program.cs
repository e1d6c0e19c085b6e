using System;
using AgBackupClr.Planner;

return PlannerCommand.Run(args, Console.Out, Console.Error, LiveServer.Read, LiveHistory.Instance, !Console.IsOutputRedirected);
