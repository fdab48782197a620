using StreamRnn.Contracts;

namespace StreamRnn.Grains.Training;

/// <summary>
/// The bounded buffer of recent training windows of one model group. Each sensor keeps at most
/// <c>windowsPerSensor</c> (its newest); when the whole buffer is full the oldest window of the sensor
/// holding most goes first. Rounds draw evenly across sensors, so a few busy or noisy sensors cannot
/// dominate what the model learns. Not thread-safe (a grain owns it).
/// </summary>
public sealed class TrainingBuffer
{
    /// <summary>Validation windows are capped at a quarter of the training windows: enough to judge, most data to learn.</summary>
    private const int TrainPerValidationWindow = 4;

    private const int SingleWindowHoldOutEvery = 5;

    private readonly Dictionary<string, Queue<TrainingWindow>> _bySensor = new(StringComparer.Ordinal);
    private readonly int _capacity;
    private readonly int _windowsPerSensor;

    /// <summary>Creates an empty buffer.</summary>
    public TrainingBuffer(int capacity, int windowsPerSensor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowsPerSensor, 1);
        _capacity = capacity;
        _windowsPerSensor = windowsPerSensor;
    }

    /// <summary>Windows held.</summary>
    public int Count { get; private set; }

    /// <summary>Sensors with at least one window.</summary>
    public int Sensors => _bySensor.Count;

    /// <summary>
    /// Adds a window, evicting per the rules above. A window the sensor already gave (same end reading: a retried or
    /// replayed batch contributes its windows again) is not added twice. Returns whether it was added.
    /// </summary>
    public bool Add(TrainingWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (!_bySensor.TryGetValue(window.SensorId, out var queue))
        {
            queue = new Queue<TrainingWindow>();
            _bySensor[window.SensorId] = queue;
        }
        else if (queue.Any(held => held.EndReading == window.EndReading))
        {
            return false;
        }

        queue.Enqueue(window);
        Count++;
        if (queue.Count > _windowsPerSensor)
        {
            queue.Dequeue();
            Count--;
        }

        while (Count > _capacity)
        {
            var fullest = _bySensor.MaxBy(static pair => pair.Value.Count);
            fullest.Value.Dequeue();
            Count--;
            if (fullest.Value.Count == 0)
            {
                _bySensor.Remove(fullest.Key);
            }
        }

        return true;
    }

    /// <summary>
    /// Splits the buffer for a round: each sensor's newest window is held out for validation when the sensor
    /// has two or more, and the only window of every fifth sensor that has one (in id order); the rest are training windows, taken round-robin across sensors (newest first, sensors in
    /// id order) up to <paramref name="maxTrain"/>. Validation is capped at a quarter of that, drawn the same way.
    /// </summary>
    public (IReadOnlyList<TrainingWindow> Train, IReadOnlyList<TrainingWindow> Validation) Draw(int maxTrain)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTrain, 1);
        var validation = new List<TrainingWindow>();
        var pools = new List<Stack<TrainingWindow>>();
        var maxValidation = Math.Max(1, maxTrain / TrainPerValidationWindow);
        var index = 0;
        foreach (var (_, queue) in _bySensor.OrderBy(static pair => pair.Key, StringComparer.Ordinal))
        {
            var newestFirst = new Stack<TrainingWindow>(queue);
            var holdOut = newestFirst.Count >= 2 || index % SingleWindowHoldOutEvery == SingleWindowHoldOutEvery - 1;
            if (holdOut && validation.Count < maxValidation)
            {
                validation.Add(newestFirst.Pop());
            }

            pools.Add(newestFirst);
            index++;
        }

        var train = new List<TrainingWindow>();
        var drawn = true;
        while (train.Count < maxTrain && drawn)
        {
            drawn = false;
            foreach (var pool in pools)
            {
                if (train.Count == maxTrain)
                {
                    break;
                }

                if (pool.TryPop(out var window))
                {
                    train.Add(window);
                    drawn = true;
                }
            }
        }

        return (train, validation);
    }
}
