"""The benchmark end to end at a tiny size: it runs, counts what it should, and reports.

No timing is asserted (speed goes in bench/RESULTS.md); this only proves the command works."""

from __future__ import annotations

import json

import pytest

from bench.report import stage_table, summary_table, targets_table
from bench.site import SitePlan, default_corpus_dir

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus():
    found = default_corpus_dir()
    if found is None:
        pytest.skip("shared/corpus/html is absent: the benchmark needs the shared corpus")
    return found


def test_tiny_benchmark_runs_cold_and_warm_and_reports(prefect_harness, corpus, tmp_path):
    from bench.run import BenchOptions, run_benchmark

    options = BenchOptions(articles=60, feeds=5, corpus=corpus, workdir=tmp_path, peer_limit=12, profile_items=4,
                           command="test")
    result = json.loads(json.dumps(run_benchmark(options, say=lambda _: None), default=str))
    plan = SitePlan(60, 5)
    kinds = plan.counts()
    cold, warm = result["cold"]["counts"], result["warm"]["counts"]
    assert kinds == {"original": 58, "syndicated": 1, "copy": 1}
    assert cold["new_entries"] == 60 and cold["entries_same_page"] == kinds["syndicated"]
    assert cold["articles"] + cold["rejected"] == kinds["original"] + kinds["copy"]
    assert cold["articles"] >= 50 and cold["duplicates"] >= kinds["copy"]
    assert warm["new_entries"] == 0 and warm.get("articles", 0) == 0 and warm["feeds_not_modified"] == 5
    assert result["cold"]["stages"]["extract_cpu"] > 0 and result["cold"]["cpu_seconds"]["pipeline"] > 0
    assert result["peer"]["sampled_pages"] == 12 and result["peer"]["cli"]["extracted"] >= 10
    assert result["peer"]["text_only"]["extracted"] >= 10 and result["ratios"]["pipeline_wall_vs_text_only_wall"] > 0
    assert set(result["ratios"]) >= {"pipeline_wall_vs_peer_wall", "warm_vs_cold", "match_cpu_vs_extract_cpu"}
    assert result["profile"]["by_package"]
    for table in (summary_table([result]), targets_table(result), stage_table(result)):
        assert table[0].startswith("| ") and len(table) > 2
