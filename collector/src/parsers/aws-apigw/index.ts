// Amazon API Gateway JSON access-log parser.
export { awsApigw, awsApigwFormat, parseAwsApigw } from './aws-apigw.js'
