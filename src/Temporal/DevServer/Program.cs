using ContentFlows.Temporal.DevServer;

return await DevServerCommandLine.Create().Parse(args).InvokeAsync();
