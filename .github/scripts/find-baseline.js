// The baseline of a hardware run: the newest successful run of this workflow on the same branch whose
// sender job ran on this very runner (throughput measured on other hardware is no baseline), and whose
// results artifact has not expired. Output run-id: that run's id, or empty when there is none.
//
// Called from actions/github-script: require('./.github/scripts/find-baseline.js')({github, context, core})
// Environment: ARTIFACT (the results artifact's name), SENDER_JOB (the sending job's name), RUNNER_NAME.
module.exports = async ({ github, context, core }) => {
  const { owner, repo } = context.repo;
  const runner = process.env.RUNNER_NAME;
  const artifact = process.env.ARTIFACT;
  const senderJob = process.env.SENDER_JOB;
  const { data: current } = await github.rest.actions.getWorkflowRun({ owner, repo, run_id: context.runId });
  // one page of recent successes: a runner that has not run this workflow in 30 successful runs has no useful baseline
  const { data: runs } = await github.rest.actions.listWorkflowRuns({
    owner, repo, workflow_id: current.workflow_id, branch: current.head_branch, status: 'success', per_page: 30,
  });
  for (const run of runs.workflow_runs) {
    if (run.id === context.runId) {
      continue;
    }
    const { data: jobs } = await github.rest.actions.listJobsForWorkflowRun({ owner, repo, run_id: run.id, per_page: 100 });
    const sender = jobs.jobs.find((j) => j.name === senderJob);
    if (!sender || sender.runner_name !== runner) {
      continue;
    }
    const { data: found } = await github.rest.actions.listWorkflowRunArtifacts({ owner, repo, run_id: run.id, name: artifact });
    if (!found.artifacts.some((a) => !a.expired)) {
      continue;
    }
    core.info(`baseline: run ${run.id} of ${run.created_at} (${run.html_url}), sender on runner ${runner}`);
    core.setOutput('run-id', String(run.id));
    return;
  }
  core.notice(`no baseline: none of the last ${runs.workflow_runs.length} successful runs of this workflow on `
    + `${current.head_branch} ran its ${senderJob} job on runner ${runner} and kept its ${artifact} artifact`);
  core.setOutput('run-id', '');
};
