#!/usr/bin/env python3
"""Splits a sampled-thread-time profile of a silo into where a reading's time goes (docs/BENCHMARKS.md).

    dotnet-trace collect --profile dotnet-sampled-thread-time -o drain.nettrace -- \
        dotnet tests/StreamRnn.Benchmarks/bin/Release/net10.0/StreamRnn.Benchmarks.dll 1000000 10000 32 --scenario=catch-up --only-batched
    dotnet-trace convert --format Speedscope drain.nettrace -o drain
    python3 scripts/profile/split-profile.py drain.speedscope.json

Counts the samples of threads that were running managed code (leaf CPU_TIME); a sample whose top frames are a GC poll
is "waiting for a garbage collection", one whose top frames wait or sleep is left out, and every other one counts in the
first category of CATEGORIES that a frame of its stack matches. The benchmark's own Kafka clients (the backlog's
producer; the live scenario's paced producer and score reader) are left out of the shares.
"""
import collections
import json
import sys

CATEGORIES = [
    ("bench producer", ["ProduceBacklog", "ReplayProducer", "LiveLatencyScenario"]),
    ("the rollback snapshot of each sensor call", ["PipelineSnapshot"]),
    ("persistence (state serialisation, Redis storage, checkpoints)",
     ["Codec_SensorState", "RedisGrainStorage", "IGrainStorage", "StackExchange.Redis", "SensorGrain+<CheckpointAsync",
      "SensorGrain.CheckpointAsync", "IngestBarrier", "GrainStorageSerializer", "SensorState.get_Pipeline"]),
    ("inference (batcher, TorchSharp)", ["StreamRnn.Batching", "TorchSharp", "StreamRnn.Models"]),
    ("scoring (SensorPipeline, likelihoods, profiles, relations)", ["StreamRnn.Scoring"]),
    ("Kafka produce (scores, alerts)", ["Confluent.Kafka.Producer", "KafkaScoreSink", "KafkaAlertSink"]),
    ("sensor grain code", ["StreamRnn.Grains"]),
    ("ingest (Kafka consume, parse, group, dispatch)", ["StreamRnn.Hosting.Ingest", "Confluent.Kafka", "ReadingCodec"]),
    ("Orleans grain calls (messages, scheduling)", ["Orleans."]),
]
GC_POLL = "PollGC"
WAITING = ["Wait", "Sleep", "Finalize", "Spin", "Trim"]


def main(path):
    profile = json.load(open(path))
    frames = [frame["name"] for frame in profile["shared"]["frames"]]
    shares = collections.Counter()
    for thread in profile["profiles"]:
        stack, last = [], None
        for event in thread["events"]:
            if last is not None and event["at"] > last and stack:
                names = [frames[i] for i in stack]
                weight = event["at"] - last
                if names[-1] == "CPU_TIME":
                    category = classify(names)
                    if category:
                        shares[category] += weight
            last = event["at"]
            if event["type"] == "O":
                stack.append(event["frame"])
            else:
                stack.pop()
    shares.pop("bench producer", None)
    total = sum(shares.values())
    for category, weight in shares.most_common():
        print(f"{100 * weight / total:5.1f} %  {category}")


def classify(names):
    top = names[-3:]
    if any(GC_POLL in name for name in top):
        return "waiting for a garbage collection"
    if any(word in name for name in top for word in WAITING):
        return None
    for category, patterns in CATEGORIES:
        if any(pattern in name for name in names for pattern in patterns):
            return category
    return "other (thread pool, async machinery)"


if __name__ == "__main__":
    main(sys.argv[1])
