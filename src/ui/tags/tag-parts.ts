// TAG-1, COMMENT-1: what shows tags and comments in the tree, the list and the reader, loaded
// after the first paint (the start-up budget); the rows upgrade when these are defined.
import './bz-tag-list.js';
import './bz-row-marks.js';
import './bz-message-marks.js';
