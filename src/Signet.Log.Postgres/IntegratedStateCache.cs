using Signet.Log.Storage;

namespace Signet.Log.Postgres;

/// <summary>
/// The integrated state this front end last read or committed, kept while it listens for the log's changes
/// (<see cref="PostgresChanges"/>) and no notification announced a larger committed state since. Then reading the
/// state again would only find the same row: following front ends read it once per commit instead of once per wake-up,
/// and the integrator not at all between its own commits. Not listening (before LISTEN took effect, or after its
/// connection failed) nothing is cached. A stale answer can only delay a publication: states are committed with
/// compare-and-set and a refused commit forgets the cached state.
/// </summary>
internal sealed class IntegratedStateCache
{
    private readonly Lock _gate = new();
    private bool _listening;
    private long _version; // advanced by each announcement of a larger state and each start or end of listening
    private IntegratedState? _state;
    private long _stateVersion = -1;

    /// <summary>The version to pass to <see cref="Keep"/> for a state read or committed from now on.</summary>
    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>The cached state, when it is still the newest this front end was told of.</summary>
    public bool TryGet(out IntegratedState? state)
    {
        lock (_gate)
        {
            state = _state;
            return _listening && _stateVersion == _version && state is not null;
        }
    }

    /// <summary>Keeps <paramref name="state"/>, read or committed after <see cref="Version"/> was
    /// <paramref name="version"/>; a change announced since makes it stale at once.</summary>
    public void Keep(long version, IntegratedState? state)
    {
        lock (_gate)
        {
            _state = state;
            _stateVersion = version;
        }
    }

    /// <summary>A state of <paramref name="size"/> was committed (by any front end); true when it is newer than the
    /// state this front end has (which is then stale), false when it is that state or an older one.</summary>
    public bool Announced(ulong size)
    {
        lock (_gate)
        {
            if (_state is not null && size <= _state.Size)
            {
                return false;
            }

            _version++;
            return true;
        }
    }

    /// <summary>Forgets the cached state (a commit was refused, or a notification not understood).</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _version++;
        }
    }

    /// <summary>Listening started (changes before it were not seen) or stopped (changes will not be seen).</summary>
    public void Listening(bool listening)
    {
        lock (_gate)
        {
            _listening = listening;
            _version++;
        }
    }
}
