// Timeouts of 1-2 s are part of the scenarios; on a 2-core machine, collections running side by side
// (each with a dev server and a node worker) would make them flaky.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
