// Waits until a job of this workflow run has completed, however it ended, and returns its conclusion.
// The peer's receive agent must serve until the sender's job is over; the sender has no way to signal
// the peer runner, so the peer asks the API every POLL_SECONDS, and gives up after WAIT_MINUTES.
//
// Called from actions/github-script: require('./.github/scripts/await-job.js')({github, context, core})
// Environment: JOB (the job's name), WAIT_MINUTES, POLL_SECONDS.
module.exports = async ({ github, context, core }) => {
  const { owner, repo } = context.repo;
  const name = process.env.JOB;
  const minutes = Number(process.env.WAIT_MINUTES);
  const pollMs = Number(process.env.POLL_SECONDS) * 1000;
  if (!name || !(minutes > 0) || !(pollMs > 0)) {
    core.setFailed(`await-job: JOB, WAIT_MINUTES and POLL_SECONDS must be set (got '${name}', '${process.env.WAIT_MINUTES}', '${process.env.POLL_SECONDS}')`);
    return '';
  }
  const deadline = Date.now() + minutes * 60 * 1000;
  for (;;) {
    const jobs = await github.paginate(github.rest.actions.listJobsForWorkflowRun,
      { owner, repo, run_id: context.runId, filter: 'latest', per_page: 100 });
    const job = jobs.find((j) => j.name === name);
    if (job && job.status === 'completed') {
      core.info(`job ${name} completed: ${job.conclusion}`);
      return job.conclusion;
    }
    if (Date.now() + pollMs > deadline) {
      core.setFailed(`job ${name} had not completed after ${minutes} min (status: ${job ? job.status : 'no such job in this run'})`);
      return '';
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
};
