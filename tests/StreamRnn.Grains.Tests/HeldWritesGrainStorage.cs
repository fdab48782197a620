using Orleans.Storage;

namespace StreamRnn.Grains.Tests;

/// <summary>Grain storage whose writes for the keys <see cref="Holds"/> names wait until the test releases them.</summary>
public sealed class HeldWritesGrainStorage(IGrainStorage inner, HeldWritesGrainStorage.Holds holds) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await holds.WaitIfHeldAsync(grainId.Key.ToString()!);
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    /// <summary>Which keys' writes are held, how many are waiting, and their release.</summary>
    public sealed class Holds : IDisposable
    {
        private readonly SemaphoreSlim _released = new(0);
        private string? _prefix;
        private int _waiting;

        /// <summary>Writes waiting now.</summary>
        public int Waiting => Volatile.Read(ref _waiting);

        /// <summary>From now on, writes for keys starting with <paramref name="prefix"/> wait for a release.</summary>
        public void Hold(string prefix) => Volatile.Write(ref _prefix, prefix);

        /// <summary>Lets <paramref name="count"/> held writes through, now or as they come.</summary>
        public void Release(int count) => _released.Release(count);

        /// <summary>Holds nothing more and lets every waiting write through.</summary>
        public void ReleaseAll()
        {
            Volatile.Write(ref _prefix, null);
            _released.Release(Math.Max(1, Waiting));
        }

        public void Dispose() => _released.Dispose();

        internal async Task WaitIfHeldAsync(string key)
        {
            if (Volatile.Read(ref _prefix) is not { } prefix || !key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return;
            }

            Interlocked.Increment(ref _waiting);
            try
            {
                await _released.WaitAsync();
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
    }
}
