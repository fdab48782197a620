// Each test class starts its own silo process (and Chromium); run them one after the other so they do not compete for CPUs.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
