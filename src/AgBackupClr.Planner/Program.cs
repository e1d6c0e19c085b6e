using System;
using AgBackupClr.Planner;

return PlannerCommand.Run(args, Console.Out, Console.Error, LiveServer.Read, !Console.IsOutputRedirected);
