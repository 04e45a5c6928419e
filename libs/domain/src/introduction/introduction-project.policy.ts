import { InvalidStateError } from '../shared/errors';
import type { ProjectState } from '../project/project.decider';

/**
 * A decision or an answer on an introduction (approve, decline, accept, refuse) needs its
 * project active: while it is paused the introduction waits (409, it goes on when the
 * project resumes); once it is closed the introduction ends (409). Checked by the caller
 * from the project's stream, so it holds even before the matcher has held or ended the
 * introduction itself.
 */
export const assertProjectAllowsIntroductionStep = (project: ProjectState): void => {
  if (project.status === 'paused') {
    throw new InvalidStateError(
      'Le projet est en pause : cette mise en relation reprendra avec lui / ' +
        'The project is paused: this introduction will go on when it resumes',
    );
  }
  if (project.status === 'closed') {
    throw new InvalidStateError(
      'Le projet est clos : cette mise en relation a pris fin / The project is closed: this introduction has ended',
    );
  }
};
